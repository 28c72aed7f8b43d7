/** Config typing of the simulated Selectel DBaaS, shared by create and `PUT .../config`. */
import { configParameter, type ConfigParameter } from "./catalog";
import { ValidationError } from "./errors";
import { pyValue } from "./schemas";

// ---- config typing (shared by create and PUT config) ----

/** The error for one config entry, or null when the value fits the parameter. */
export function checkConfigValue(param: ConfigParameter, value: unknown): string | null {
  if (!param.is_changeable) return `Parameter ${param.name} cannot be changed`;
  if (value === null) return null;
  const typeName = { int: "integer", float: "number", str: "string", bool: "boolean" }[param.type];
  const typeOk =
    param.type === "int"
      ? typeof value === "number" && Number.isInteger(value)
      : param.type === "float"
        ? typeof value === "number" && Number.isFinite(value)
        : param.type === "bool"
          ? typeof value === "boolean"
          : typeof value === "string";
  if (!typeOk) return `${pyValue(value)} is not of type '${typeName}'`;
  if (typeof value === "number") {
    if (param.min !== null && value < param.min) return `${value} is less than the minimum of ${param.min}`;
    if (param.max !== null && value > param.max) return `${value} is greater than the maximum of ${param.max}`;
  }
  if (typeof value === "string") {
    if (value === "" && !param.can_be_empty) return `${pyValue(value)} should be non-empty`;
    if (param.choices && value !== "") {
      const parts = param.is_multiple_choice_available ? value.split(",") : [value];
      for (const part of parts) if (!param.choices.includes(part)) return `${pyValue(part)} is not one of ${pyValue(param.choices)}`;
    }
  }
  if (param.invalid_values?.some((iv) => iv === value)) return `${pyValue(value)} is not a valid value for ${param.name}`;
  return null;
}

export function checkConfig(typeId: string, config: Record<string, unknown>, path: string): void {
  const issues: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(config)) {
    const param = configParameter(typeId, k);
    if (!param) {
      issues.push([`${path}.${k}`, `Parameter ${k} is not available for this datastore type`]);
      continue;
    }
    const err = checkConfigValue(param, v);
    if (err) issues.push([`${path}.${k}`, err]);
  }
  if (issues.length) throw new ValidationError(issues);
}
