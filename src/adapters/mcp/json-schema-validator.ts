import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";

let ajv: AjvJsonSchemaValidator | undefined;

/**
 * The SDK's own JSON Schema validator (Ajv, its default), built on first use and shared by every
 * server of the process. Left to itself, each McpServer builds an Ajv instance with its formats
 * when it is constructed: on the bin's start path (about 6 ms before the first answer) and once per
 * request in HTTP mode (a server per request), for a validator the SDK's server uses only to check
 * elicitation answers, which these tools never ask for.
 */
export const sharedJsonSchemaValidator: jsonSchemaValidator = {
  getValidator: (schema) => (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema),
};
