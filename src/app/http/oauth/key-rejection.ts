import { AuthenticationError } from "../../../domain/errors.js";
import type { OctoPerfPort } from "../../../ports/octoperf-port.js";

/**
 * The OctoPerf port of a request signed in by OAuth, reporting when OctoPerf rejects the key the
 * grant holds (regenerated or revoked since consent): the grant is then revoked, so the client's
 * next request gets 401 invalid_token, its refresh fails, and it sends the user through consent
 * again. The call itself fails as it would have (the tool says OctoPerf rejected the key).
 */
export function reportingKeyRejection(port: OctoPerfPort, onRejected: () => Promise<void>): OctoPerfPort {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          if (error instanceof AuthenticationError) await onRejected().catch(() => {});
          throw error;
        }
      };
    },
  });
}
