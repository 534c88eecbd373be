import type * as z from "zod";
import type { LinkedUseCases as UseCases } from "../linked-use-cases.js";

/** Every hint is required, so no tool ships with a client guessing whether it is safe. */
export interface ToolAnnotations {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

export interface ProgressUpdate {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

export interface ToolContext {
  readonly useCases: UseCases;
  /** Aborted when the client cancels the request or the server shuts down. */
  readonly signal: AbortSignal;
  /** Aborted when the server is draining (shutdown): waits answer with what they know instead of being cut. */
  readonly stop?: AbortSignal;
  /** The names of the tools this server offers (toolsets, read-only mode): what a view may offer to call. */
  readonly offered: ReadonlySet<string>;
  /** Sends notifications/progress when the client asked for them; a no-op otherwise. */
  readonly progress: (update: ProgressUpdate) => Promise<void>;
}

/**
 * An output schema's type with every array read-only: use cases hand out read-only lists, and a
 * handler passes them on as they are (the server validates and strips them before sending).
 */
export type ReadonlyOutput<T> = T extends readonly (infer Item)[]
  ? readonly ReadonlyOutput<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadonlyOutput<T[K]> }
    : T;

export interface ToolResult<Out> {
  /** Validated against outputSchema (and stripped to it) before it is sent. */
  readonly structured: Out;
  /** A compact rendering for the model: the facts and the next step, not a JSON dump. */
  readonly text: string;
  /** Pictures sent after the text as MCP image content, which hosts show inline. */
  readonly images?: readonly ToolImage[];
}

export interface ToolImage {
  /** Base64 of the image bytes. */
  readonly data: string;
  readonly mimeType: "image/png";
}

export type ToolInputShape = Record<string, z.ZodType>;

export interface ToolDefinition<In extends ToolInputShape = ToolInputShape, Out extends z.ZodObject = z.ZodObject> {
  /** The MCP name; the file is named after it (`_` → `-`). */
  readonly name: string;
  readonly title: string;
  /** What it does, when to use it, what to call before and after, units. */
  readonly description: string;
  readonly inputSchema: In;
  readonly outputSchema: Out;
  /** `readOnlyHint: false` marks a tool that changes things in OctoPerf: read-only mode does not offer it. */
  readonly annotations: ToolAnnotations;
  readonly handler: (input: z.output<z.ZodObject<In>>, ctx: ToolContext) => Promise<ToolResult<ReadonlyOutput<z.input<Out>>>>;
}

/**
 * A tool as the registry holds it: its typed handler behind a call that takes what the SDK
 * validated. It keeps its output schema's type, so a test can read a tool's answer typed.
 */
export interface RegisteredTool<Out extends z.ZodObject = z.ZodObject> extends Omit<ToolDefinition<ToolInputShape, Out>, "handler"> {
  call(input: unknown, ctx: ToolContext): Promise<ToolResult<unknown>>;
}

export function defineTool<In extends ToolInputShape, Out extends z.ZodObject>(definition: ToolDefinition<In, Out>): RegisteredTool<Out> {
  const { handler, ...described } = definition;
  return {
    ...described,
    // The SDK validated the input against this very inputSchema before calling.
    call: (input, ctx) => handler(input as z.output<z.ZodObject<In>>, ctx),
  };
}

export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
