/** Anything a person may want to open in OctoPerf, with its deep link (null when unknown). */
export type WithUrl<T> = T & { readonly url: string | null };
