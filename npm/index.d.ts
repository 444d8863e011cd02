// TypeScript declarations of kelisim: `window.kelisim`, its events on `document`, and the
// configuration (`<script type="application/json" id="kelisim-config">` or `data-config`).
//
// The unions of names below (languages, Consent Mode types, actions, screens, events, default
// categories, configuration keys) are checked against the Rust crate by `tests/typescript.rs`;
// every method declared on `Kelisim` is checked to exist on the real `window.kelisim` in a browser
// by `tests/npm-fixture/check.js` (both run by `scripts/test.sh`).
//
// Use: `import type { Config, Consent } from "kelisim";` (which also declares `window.kelisim`
// and the events), or `/// <reference types="kelisim" />` in a script without imports.

/** A language kelisim speaks. */
export type Lang = "kk" | "ru" | "en";

/** A human-readable text: one string for every language, or one string per language (a missing
 * language falls back to kk, then ru, then en). Always shown as text, never as HTML. */
export type Text = string | { kk?: string; ru?: string; en?: string };

/** The categories a configuration without `categories` has (`necessary` is always there). */
export type DefaultCategoryId = "necessary" | "preferences" | "analytics" | "marketing";

/** A category id: one of the defaults or the site's own. */
export type CategoryId = DefaultCategoryId | (string & {});

/** A Google Consent Mode v2 consent type. */
export type ConsentType =
  | "ad_storage"
  | "ad_user_data"
  | "ad_personalization"
  | "analytics_storage"
  | "functionality_storage"
  | "personalization_storage"
  | "security_storage";

/** What a consent record says happened. */
export type ConsentEventName = "given" | "updated" | "withdrawn";

/** The control or call a choice came from. */
export type ConsentAction =
  | "accept-all"
  | "reject-all"
  | "save"
  | "set-consent"
  | "withdraw"
  | "allow-category"
  | "gpc";

/** Where a choice was made. */
export type ConsentScreen = "banner" | "settings" | "api" | "placeholder" | "browser";

/** The stored consent, as `kelisim.getConsent()` returns it. */
export interface Consent {
  /** The consent id (a UUID), kept across updates. */
  id: string;
  /** The configuration's `revision` it was given under. */
  revision: number;
  /** When it was chosen, RFC 3339 UTC (e.g. `2026-11-27T10:00:00Z`). */
  timestamp: string;
  /** When it expires (13 calendar months later), RFC 3339 UTC. */
  expires: string;
  /** The language the visitor saw. */
  language: Lang;
  /** Every category of the configuration: granted or not. */
  categories: Record<CategoryId, boolean>;
}

/** `detail` of the `kelisim:consent` event: the new consent plus what happened. */
export interface ConsentEventDetail extends Consent {
  event: ConsentEventName;
  action: ConsentAction;
  screen: ConsentScreen;
  /** Whether the browser sent a Global Privacy Control signal. */
  gpc: boolean;
}

/** `detail` of the `kelisim:ready` event. */
export interface ReadyEventDetail {
  /** `false` when the configuration has errors: the banner stays off and nothing is granted. */
  ok: boolean;
  /** The stored consent, or `null`. */
  consent: Consent | null;
}

/** A consent record (see schema/ in the repository for its JSON Schema). */
export type ConsentRecord = Record<string, unknown>;

/** `window.kelisim`. Before the WebAssembly is ready, `getConsent()` and `accepted()` already
 * answer (from the cookie) and every other method is queued: it returns `undefined` then, and
 * runs once the app is ready. With a configuration that has errors the methods return `null`
 * (and log an error): nothing is granted. */
export interface Kelisim {
  /** `true` once the app runs (`false` while only the loader has run). */
  readonly ready: boolean;
  /** The crate's version (`null` while only the loader has run). */
  readonly version: string | null;
  /** Shows the first layer (the banner). */
  show(): void;
  /** Opens the preference center. */
  showPreferences(): void;
  /** Hides the banner or the preference center (hiding is not consent). */
  hide(): void;
  /** The stored consent, or `null` (none, expired, altered, or another revision). */
  getConsent(): Consent | null;
  /** Whether category `id` is granted now. */
  accepted(id: CategoryId): boolean;
  /** Grants every category, as the "Accept all" button does; returns the new consent. */
  acceptAll(): Consent | null | undefined;
  /** Refuses every category that is not required; returns the new consent. */
  rejectAll(): Consent | null | undefined;
  /** Changes the named categories and keeps the others; returns the new consent. */
  setConsent(categories: Partial<Record<CategoryId, boolean>>): Consent | null | undefined;
  /** Withdraws the consent: every category that is not required is refused. */
  withdraw(): Consent | null | undefined;
  /** Switches the language (one of the configuration's `languages`); whether it did. */
  setLanguage(lang: Lang): boolean | null | undefined;
  /** The consent records not yet delivered to the endpoint. */
  records?(): ConsentRecord[] | null;
  /** The record of the current consent, or `null`. */
  receipt?(): ConsentRecord | null;
}

/** A cookie a service sets (shown in the preference center, deleted when refused). */
export interface ServiceCookie {
  /** The name; may end in `*` (a prefix). */
  name: string;
  path?: string;
  domain?: string;
  lifetime?: Text;
  description?: Text;
}

/** A third-party service of a category. */
export interface Service {
  id: string;
  name?: Text;
  provider?: Text;
  purpose?: Text;
  /** ISO 3166-1 alpha-2 code of the country the data go to. */
  country?: string;
  cookies?: ServiceCookie[];
}

/** A category of cookies. */
export interface Category {
  id: CategoryId;
  /** Always on (like `necessary`). */
  required?: boolean;
  /** Required for ids other than the defaults. */
  name?: Text;
  description?: Text;
  /** The personal data it processes. */
  data?: Text;
  services?: Service[];
}

/** The operator of the personal data (law 94-V Art. 8(4)). */
export interface Operator {
  name: Text;
  /** The 12-digit BIN. */
  bin?: string;
  contacts?: {
    email?: string;
    phone?: string;
    address?: Text;
    hours?: Text;
  };
  /** Days to answer a data subject's request. */
  response_days?: number;
}

/** One purpose of processing a form asks consent for. */
export interface FormPurpose {
  id: string;
  required?: boolean;
  purpose: Text;
  data: Text;
  term: Text;
  third_parties?: boolean;
  cross_border?: string[];
  published?: boolean;
}

/** The configuration. Every key is optional; kelisim validates it at run time (an invalid value
 * turns the banner off and grants nothing; an unknown key is a console warning). */
export interface Config {
  /** Changing it asks every visitor again. Default 1. */
  revision?: number;
  /** The languages offered, in order of preference. */
  languages?: Lang[];
  /** Force one language (must be in `languages`). */
  language?: Lang;
  /** Default: necessary, preferences, analytics, marketing. */
  categories?: Category[];
  /** The URL consent records are POSTed to. */
  endpoint?: string;
  /** The consent cookie's name (default `kelisim`) and domain. */
  cookie?: { name?: string; domain?: string };
  operator?: Operator;
  /** The privacy policy, per language. */
  policy_url?: Text;
  policy_version?: string;
  /** ISO 3166-1 alpha-2 codes of the countries data may go to. */
  cross_border?: string[];
  /** Whether the personal data are published. */
  published?: boolean;
  /** Overrides of interface messages by their Fluent id (locales/{kk,ru,en}/kelisim.ftl). */
  texts?: Record<string, Text>;
  /** Google Consent Mode v2: the consent types each category grants. */
  consent_mode?: Record<string, ConsentType[]>;
  /** The categories a Global Privacy Control signal refuses. Default `["marketing"]`. */
  gpc_categories?: CategoryId[];
  /** The button that reopens the settings after a choice, or `false`. */
  floating_button?:
    | boolean
    | { enabled?: boolean; corner?: "bottom-left" | "bottom-right" | "top-left" | "top-right" };
  /** Reload the page after a withdrawal. */
  reload_on_withdraw?: boolean;
  /** Processing consent for the site's forms (`<form data-kelisim-form="<id>">`); `name`: how
   * visitors read the form's name (else its id). Forms need `operator.bin`. */
  forms?: Record<string, { name?: Text; purposes: FormPurpose[] }>;
}

/** The events kelisim fires on `document`. */
export interface KelisimEventMap {
  "kelisim:ready": CustomEvent<ReadyEventDetail>;
  "kelisim:consent": CustomEvent<ConsentEventDetail>;
}

declare global {
  interface Window {
    kelisim: Kelisim;
  }
  // eslint-disable-next-line no-var
  var kelisim: Kelisim;
  interface DocumentEventMap extends KelisimEventMap {}
}
