import type { Actor, User } from "../../accounts/accounts.types.js";
import type { MessageKey } from "../i18n/translate.js";

/** What the authentication middleware learned about the caller of one request. */
export interface RequestAuth {
  user: User | null;
  actor: Actor | null;
  via: "session" | "token" | null;
  sessionId: string | null;
  csrfToken: string | null;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      requestId: string;
      auth: RequestAuth;
      lang: "zh-CN" | "en";
      /**
       * A cookie-authenticated multipart upload whose CSRF token travels in its `_csrf` form
       * field: requireCsrfToken cannot read the body, so the upload parser checks it
       * (csrf-checked-upload.ts).
       */
      csrfInUpload?: boolean;
      /** Shows this confirmation on the next page (flash.middleware.ts). */
      setFlash: (key: MessageKey) => void;
      /** The confirmation this page shows once, if any. */
      flash?: MessageKey;
      /** Why a form shown again with its input was not saved (kept-input.ts). */
      keptInputNotice?: MessageKey;
    }
  }
}
