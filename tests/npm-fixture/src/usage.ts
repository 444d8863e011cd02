// A site's TypeScript that uses kelisim as the package declares it. Type-checked with
// `tsc --strict` (scripts/test-package.sh), then compiled and run in the fixture site, where it
// records what it saw in `window.__fixture` for tests/npm-fixture/check.js.
import type {
  Config,
  Consent,
  ConsentAction,
  ConsentEventDetail,
  Kelisim,
  ReadyEventDetail,
} from "kelisim";

interface Seen {
  early: Consent | null;
  ready: ReadyEventDetail[];
  consents: ConsentEventDetail[];
  analytics: boolean[];
}
declare global {
  interface Window {
    __fixture: Seen;
  }
}

const k: Kelisim = window.kelisim;
const seen: Seen = { early: k.getConsent(), ready: [], consents: [], analytics: [] };
window.__fixture = seen;

document.addEventListener("kelisim:ready", (e) => {
  const ok: boolean = e.detail.ok;
  const consent: Consent | null = e.detail.consent;
  seen.ready.push({ ok, consent });
});
document.addEventListener("kelisim:consent", (e) => {
  const action: ConsentAction = e.detail.action;
  const granted: boolean = e.detail.categories.analytics;
  const expires: string = e.detail.expires;
  seen.consents.push({ ...e.detail, action, expires });
  seen.analytics.push(granted && kelisim.accepted("analytics"));
});

// A configuration written in TypeScript is checked as it is typed.
export const config = {
  revision: 2,
  languages: ["kk", "ru"],
  endpoint: "/consent",
  consent_mode: { analytics: ["analytics_storage"] },
  categories: [{ id: "necessary", required: true }, { id: "analytics" }],
} satisfies Config;

// What must not type-check (never called: each line is an error tsc must report).
export function misuse(): void {
  // @ts-expect-error: not a language kelisim speaks
  k.setLanguage("de");
  // @ts-expect-error: setConsent takes { id: boolean }
  k.setConsent({ analytics: "yes" });
  // @ts-expect-error: no such method
  k.acceptEverything();
  document.addEventListener("kelisim:consent", (e) => {
    // @ts-expect-error: the event's detail has no such field
    e.detail.granted;
  });
  // @ts-expect-error: not a Consent Mode type
  const bad: Config = { consent_mode: { analytics: ["analytics"] } };
  void bad;
}
