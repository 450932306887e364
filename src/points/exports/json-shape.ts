// Checks that a value has the shape of a canonical profile (the JSON export), field by field.

type Check = (value: unknown, path: string, errors: string[]) => void;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, path, errors) => {
  if (typeof v !== 'string') errors.push(`${path}: expected a string`);
};
const nullable =
  (check: Check): Check =>
  (v, path, errors) => {
    if (v !== null) check(v, path, errors);
  };
const num: Check = (v, path, errors) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`${path}: expected a finite number`);
};
const int: Check = (v, path, errors) => {
  if (!Number.isInteger(v) || (v as number) < 0) errors.push(`${path}: expected a whole number ≥ 0`);
};
const bool: Check = (v, path, errors) => {
  if (typeof v !== 'boolean') errors.push(`${path}: expected true or false`);
};
const oneOf =
  (...allowed: string[]): Check =>
  (v, path, errors) => {
    if (typeof v !== 'string' || !allowed.includes(v))
      errors.push(`${path}: expected one of ${allowed.join(', ')}`);
  };
const list =
  (check: Check): Check =>
  (v, path, errors) => {
    if (!Array.isArray(v)) errors.push(`${path}: expected a list`);
    else for (const [i, item] of v.entries()) check(item, `${path}[${i}]`, errors);
  };
const record =
  (fields: Record<string, Check>): Check =>
  (v, path, errors) => {
    if (!isObject(v)) {
      errors.push(`${path}: expected an object`);
      return;
    }
    for (const [key, check] of Object.entries(fields)) {
      if (!(key in v)) errors.push(`${path}.${key}: missing`);
      else check(v[key], `${path}.${key}`, errors);
    }
    for (const key of Object.keys(v)) if (!(key in fields)) errors.push(`${path}.${key}: unknown field`);
  };
const stringMap: Check = (v, path, errors) => {
  if (!isObject(v)) errors.push(`${path}: expected an object`);
  else for (const [key, item] of Object.entries(v)) str(item, `${path}.${key}`, errors);
};

const point = record({
  id: str,
  name: str,
  kind: oneOf('sensor', 'command', 'status'),
  type: oneOf('number', 'bool', 'enum', 'string', 'datetime', 'action'),
  tags: list(str),
  unit: nullable(str),
  min: nullable(num),
  max: nullable(num),
  enum: nullable(list(str)),
  trueText: nullable(str),
  falseText: nullable(str),
  action: nullable(str),
  writeRole: nullable(oneOf('operator', 'admin')),
  update: oneOf('periodic', 'onDemand', 'onEvent'),
  intervalMs: nullable(int),
  description: nullable(str),
  bacnet: record({
    type: oneOf('AI', 'AO', 'AV', 'BI', 'BO', 'BV', 'MSI', 'MSO', 'MSV', 'CSV', 'DTV'),
    instance: int,
    auto: bool,
  }),
  modbus: record({
    table: oneOf('coil', 'discrete', 'input', 'holding'),
    address: int,
    reference: str,
    count: int,
    encoding: oneOf('bool', 'enum', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'string', 'datetime'),
    scale: num,
    auto: bool,
  }),
  protocols: stringMap,
});

const profile = record({
  id: str,
  name: str,
  localName: nullable(str),
  declaredCounts: record({ sensor: int, command: int, status: int }),
  sources: list(record({ title: str, url: nullable(str) })),
  points: list(point),
});

/** Up to 20 problems, each as `path: what is wrong`; empty when the value is a profile. */
export function checkProfileShape(value: unknown): string[] {
  const errors: string[] = [];
  profile(value, 'profile', errors);
  return errors.slice(0, 20);
}
