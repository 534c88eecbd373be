import type { BuildOptions, Plugin } from "esbuild";

export declare const STAND_INS: readonly { readonly name: string; readonly filter: RegExp; readonly contents: string }[];
export declare const standIns: Plugin;
export declare const BUNDLE_OPTIONS: BuildOptions;
