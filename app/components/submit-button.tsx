import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type ButtonHTMLAttributes, type ReactNode } from "react";
import { useT } from "~/modules/i18n/use-t";

/** The submit event that is being sent for each form; a second one is dropped until it settles. */
const sending = new WeakMap<HTMLFormElement, Event>();

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type"> & {
  /** Shown while the form is being sent; 「提交中…」 by default. */
  pendingLabel?: ReactNode;
  /** For a `fetcher.Form`: its state instead of the page navigation's. */
  fetcher?: { state: "idle" | "submitting" | "loading" };
};

/**
 * A submit button that cannot send its form twice: a double tap on a slow phone network (or an
 * impatient second tap) starts one request, not two. The first submit event locks the form until
 * the navigation (or fetcher) it started settles; the button that was pressed shows 「提交中…」 and
 * every SubmitButton of the form is disabled meanwhile. Without JavaScript it is a plain button.
 */
export function SubmitButton({ children, pendingLabel, fetcher, disabled, className, ...rest }: Props) {
  const t = useT();
  const navigation = useNavigation();
  const state = fetcher ? fetcher.state : navigation.state;
  const ref = useRef<HTMLButtonElement>(null);
  const [locked, setLocked] = useState(false);
  const [pressed, setPressed] = useState(false);
  const stateRef = useRef(state);
  stateRef.current = state;
  const wasBusy = useRef(false);

  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const release = () => {
      if (sending.has(form)) sending.delete(form);
      setLocked(false);
      setPressed(false);
    };
    const onSubmit = (e: Event) => {
      const current = sending.get(form);
      if (current && current !== e) {
        // A second submission while the first is in flight: drop it before Remix sees it.
        e.preventDefault();
        e.stopImmediatePropagation();
        return;
      }
      sending.set(form, e);
      setLocked(true);
      setPressed((e as SubmitEvent).submitter === ref.current);
      // If nothing was sent after all (another handler cancelled it), unlock again.
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (stateRef.current === "idle" && !wasBusy.current) release();
      }, 1500);
    };
    form.addEventListener("submit", onSubmit);
    return () => {
      clearTimeout(timer);
      form.removeEventListener("submit", onSubmit);
    };
  }, []);

  useEffect(() => {
    if (state !== "idle") {
      if (locked) wasBusy.current = true;
      return;
    }
    if (wasBusy.current) {
      wasBusy.current = false;
      const form = ref.current?.form;
      if (form) sending.delete(form);
      setLocked(false);
      setPressed(false);
    }
  }, [state, locked]);

  const pending = pressed && locked;
  return (
    // While locked the buttons are only marked (aria-disabled), never `disabled`: a disabled submitter
    // drops its name/value from the form data (a button like name="listing" value="LIST" would
    // arrive empty). The lock above already drops any second submit.
    <button ref={ref} type="submit" className={className} disabled={disabled} aria-disabled={locked || undefined} aria-busy={pending || undefined} data-pending={pending || undefined} {...rest}>
      {pending ? (pendingLabel ?? t("common.actions.submitting")) : children}
    </button>
  );
}
