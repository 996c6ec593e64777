import { useLocale, useT } from "~/modules/i18n/use-t";
import { platformName } from "~/modules/platforms/platforms";

/**
 * A campaign whose public fundraising runs on a designated platform says so at the top of its page,
 * with a link out to give there (the on-site form stays beside it).
 */
export function PlatformNotice({ platform }: { platform: { code: string; projectId: string | null; url: string | null } }) {
  const t = useT();
  const locale = useLocale();
  const name = platformName(platform.code, locale);
  return (
    <section className="card platform-notice" data-testid="platform-notice" aria-labelledby="platform-notice-title">
      <h2 id="platform-notice-title">{t("platforms.public.title", { platform: name })}</h2>
      <p>{t("platforms.public.body", { platform: name })}</p>
      {platform.projectId ? (
        <p className="muted small">
          {t("platforms.public.projectId")} {platform.projectId}
        </p>
      ) : null}
      {platform.url ? (
        <p>
          <a className="button" href={platform.url} target="_blank" rel="noopener noreferrer nofollow">
            {t("platforms.public.giveThere", { platform: name })}
          </a>
        </p>
      ) : null}
    </section>
  );
}
