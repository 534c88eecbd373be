import type { LinkedUseCases as UseCases } from "../adapters/linked-use-cases.js";

/** Every public member of T is a method that returns a promise (else `never`, which fails the check below). */
type AsyncMethods<T> = { readonly [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? T[K] : never };
type AllAsync = { readonly [K in keyof UseCases]: UseCases[K] extends AsyncMethods<UseCases[K]> ? true : false }[keyof UseCases];
// A use case with a synchronous member could not be forwarded below: this line stops the build if one appears.
const everyUseCaseIsAsync: AllAsync extends true ? true : never = true;
void everyUseCaseIsAsync;

/**
 * Use cases built by `load` on the first call of any of them, so that a server answers initialize
 * and tools/list without importing them (their modules, the container, tsyringe and the adapter
 * load then). Every member of a use case returns a promise, so each call simply waits for the
 * load first. A failed load is tried again on the next call.
 */
export function lazyUseCases(load: () => Promise<UseCases>): UseCases {
  let loading: Promise<UseCases> | undefined;
  const loaded = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  const useCase = (name: keyof UseCases) =>
    new Proxy(
      {},
      {
        // Not a thenable: only string members are methods.
        get: (_, member) =>
          typeof member !== "string" || member === "then"
            ? undefined
            : async (...args: unknown[]) => {
                const target = (await loaded())[name] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
                return target[member]!(...args);
              },
      },
    );
  const cache = new Map<PropertyKey, object>();
  return new Proxy({} as UseCases, {
    get: (_, name) => {
      if (typeof name !== "string") return undefined;
      let value = cache.get(name);
      if (value === undefined) {
        value = useCase(name as keyof UseCases);
        cache.set(name, value);
      }
      return value;
    },
  });
}
