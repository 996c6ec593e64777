import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireUser } from "~/modules/accounts/auth.server";
import { checkInByCode, myCheckInShifts } from "~/modules/volunteering/checkin.server";
import { CheckInFormSchema, CheckInQuerySchema } from "~/modules/volunteering/checkin-schema";
import { deviceHash, readDevice } from "~/modules/volunteering/device.server";
import { beijingTime } from "~/modules/volunteering/time";
import { FormError } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/submit-button";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate } from "~/utils/format";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, runAction } from "~/utils/responses.server";
import { setFlash } from "~/utils/flash.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("checkin.title");

/**
 * The volunteer's check-in and check-out by the rotating code at the shift (issue 15.1). The QR
 * code opens this page with the shift and the code filled in; checking in still takes the signed-in
 * volunteer's own click. The device cookie set here lets reviewers see one phone checking in many.
 */
/** The code changes every 30 seconds: never cache the page. */
export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const query = CheckInQuerySchema.parse({ shift: url.searchParams.get("shift") ?? undefined, code: url.searchParams.get("code") ?? undefined });
  const shifts = await myCheckInShifts(user.id);
  const device = await readDevice(request);
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (device.setCookie) headers.append("Set-Cookie", device.setCookie);
  return data({ shifts, shiftId: query.shift ?? shifts[0]?.shiftId ?? null, code: query.code ?? "" }, { headers });
}

type Reply = FormReply & { offerAnyway?: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const values = formToObject(await readFormData(request));
  const device = await readDevice(request);
  const headers = new Headers();
  if (device.setCookie) headers.append("Set-Cookie", device.setCookie);
  const form = parseWithSchema(CheckInFormSchema, values);
  // Coordinates are echoed back only to this volunteer's own form (never logged).
  if (!form.ok) return data(form.reply as Reply, { status: 400, headers });
  const res = await runAction(values, () => checkInByCode(user.id, form.data, deviceHash(device.id)));
  if (!res.ok) return res.response;
  const r = res.value;
  if (!r.accepted) {
    const reply: Reply = { values, formError: `checkin.refusals.${r.refusal}`, formErrorParams: r.distanceM !== null ? { distance: r.distanceM } : {}, offerAnyway: r.offerAnyway };
    return data(reply, { status: 409, headers });
  }
  const flashKey = r.kind === "IN" ? (r.withinRadius === false ? "checkin.flash.inAnyway" : "checkin.flash.in") : "checkin.flash.out";
  headers.append("Set-Cookie", await setFlash(request, { messageKey: flashKey, params: { project: r.project } }));
  return redirect("/me/volunteering", { headers });
}

/** Fills the hidden position fields from the browser, when the shift checks the place and the volunteer allows it. */
function usePosition(wanted: boolean) {
  const [state, setState] = useState<{ status: "idle" | "asking" | "got" | "none"; lat?: number; lon?: number; accuracy?: number }>({ status: "idle" });
  useEffect(() => {
    if (!wanted) return;
    if (typeof navigator === "undefined" || !navigator.geolocation) {
      setState({ status: "none" });
      return;
    }
    setState({ status: "asking" });
    navigator.geolocation.getCurrentPosition(
      (p) => setState({ status: "got", lat: p.coords.latitude, lon: p.coords.longitude, accuracy: Math.round(p.coords.accuracy) }),
      () => setState({ status: "none" }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }, [wanted]);
  return state;
}

export default function CheckIn() {
  const { shifts, shiftId: initialShift, code } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const [shiftId, setShiftId] = useState<string | null>((reply?.values?.shiftId as string | undefined) ?? initialShift);
  const selected = shifts.find((s) => s.shiftId === shiftId) ?? null;
  // A shift from the QR code the volunteer is not (or no longer) listed for: the attempt is still
  // made (and recorded), the server says why it is refused.
  const wantsPosition = selected ? selected.placeChecked : Boolean(shiftId);
  const pos = usePosition(wantsPosition);
  const typedCode = (reply?.values?.code as string | undefined) ?? code;
  const positionFields =
    pos.status === "got" ? (
      <>
        <input type="hidden" name="lat" value={String(pos.lat)} />
        <input type="hidden" name="lon" value={String(pos.lon)} />
        <input type="hidden" name="accuracy" value={String(pos.accuracy)} />
      </>
    ) : null;
  return (
    <div className="cards cards-one">
      <section className="card">
        <h1>{t("checkin.title")}</h1>
        <FormError reply={reply} />
        {shifts.length === 0 && !shiftId ? <p className="muted">{t("checkin.page.noShifts")}</p> : null}
        <Form method="post" noValidate aria-label={t("checkin.page.form")} className="stack">
          {shifts.length > 0 ? (
            <fieldset>
              <legend>{t("checkin.page.shift")}</legend>
              {shifts.map((s) => (
                <label key={s.shiftId} className="choice" style={{ display: "block" }}>
                  <input type="radio" name="shiftId" value={s.shiftId} checked={shiftId === s.shiftId} onChange={() => setShiftId(s.shiftId)} /> {s.title} · {formatDate(s.startsAt, locale)} {beijingTime(s.startsAt)}–{beijingTime(s.endsAt)} · {s.place}
                  {s.checkedInAt ? <span className="tag">{t("checkin.page.checkedInAt", { time: beijingTime(new Date(s.checkedInAt)) })}</span> : null}
                </label>
              ))}
            </fieldset>
          ) : null}
          {shiftId && !selected ? <input type="hidden" name="shiftId" value={shiftId} /> : null}
          <div className={`field${reply?.fieldErrors?.code ? " field-invalid" : ""}`}>
            <label htmlFor="checkin-code">{t("checkin.page.code")}</label>
            <input
              id="checkin-code"
              name="code"
              inputMode="numeric"
              pattern="[0-9]{6}"
              maxLength={6}
              autoComplete="off"
              defaultValue={typedCode}
              key={typedCode}
              aria-invalid={reply?.fieldErrors?.code ? true : undefined}
              aria-describedby="checkin-code-hint"
              style={{ fontSize: "1.6rem", letterSpacing: "0.2em", maxWidth: "10ch" }}
            />
            <p id="checkin-code-hint" className="muted small">
              {reply?.fieldErrors?.code ? t(reply.fieldErrors.code) : t("checkin.page.codeHint")}
            </p>
          </div>
          {positionFields}
          {wantsPosition ? (
            <p className="muted small" data-testid="position-status">
              {t(`checkin.page.position.${pos.status}`, { accuracy: pos.accuracy ?? "" })}
            </p>
          ) : null}
          <div className="button-row">
            {!selected || selected.next === "IN" ? (
              <SubmitButton name="kind" value="IN" disabled={busy}>
                {t("checkin.page.checkIn")}
              </SubmitButton>
            ) : null}
            {!selected || selected.next === "OUT" ? (
              <SubmitButton name="kind" value="OUT" className={selected ? undefined : "button-secondary"} disabled={busy}>
                {t("checkin.page.checkOut")}
              </SubmitButton>
            ) : null}
          </div>
        </Form>
        {reply?.offerAnyway ? (
          <Form method="post" className="card" aria-label={t("checkin.page.anywayForm")}>
            <p>{t("checkin.page.anywayExplain")}</p>
            {["shiftId", "code", "kind", "lat", "lon", "accuracy"].map((k) =>
              typeof reply.values?.[k] === "string" ? <input key={k} type="hidden" name={k} value={reply.values[k] as string} /> : null,
            )}
            <input type="hidden" name="anyway" value="1" />
            <SubmitButton className="button-secondary" disabled={busy}>
              {t("checkin.page.anyway")}
            </SubmitButton>
          </Form>
        ) : null}
        <p>
          <Link to="/me/volunteering">{t("checkin.page.back")}</Link>
        </p>
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
