'use strict';
/**
 * The consent record's schema check: the subset of JSON Schema that consent-record.schema.json
 * uses ($ref, oneOf/const, type, pattern, min/maxLength, minimum, items, required, properties,
 * additionalProperties, propertyNames, if/then), run on the copy next to this file (kept equal
 * to schema/ by scripts/sync-receiver-schemas.sh). Problems are `{ path, message }`, with JSON
 * Pointer paths as the reference receiver names them; a field the schema does not name is one.
 */
const SCHEMA = require('./consent-record.schema.json');
const MAX_PROBLEMS = 20;

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v; // boolean, string, object
}

const pointer = (k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');

function check(schema, value, path, problems) {
  const add = (message) => { if (problems.length < MAX_PROBLEMS) problems.push({ path, message }); };
  if (schema.$ref) return check(SCHEMA.$defs[schema.$ref.slice('#/$defs/'.length)], value, path, problems);
  if (schema.oneOf) {
    const matches = schema.oneOf.filter((s) => { const p = []; check(s, value, path, p); return !p.length; }).length;
    if (matches !== 1) add(`${JSON.stringify(value)} is not one of the allowed values`);
    return;
  }
  if ('const' in schema && value !== schema.const) return add(`${JSON.stringify(schema.const)} was expected`);
  if (schema.type) {
    const types = [].concat(schema.type);
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) {
      return add(`${JSON.stringify(value)} is not of type ${types.join(' or ')}`);
    }
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) add(`shorter than ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && length > schema.maxLength) add(`longer than ${schema.maxLength} characters`);
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) add(`${JSON.stringify(value)} does not match "${schema.pattern}"`);
  }
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) {
    add(`${value} is less than the minimum of ${schema.minimum}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => check(schema.items, item, `${path}/${i}`, problems));
  if (typeOf(value) === 'object') {
    for (const name of schema.required || []) if (!(name in value)) add(`"${name}" is a required property`);
    for (const [k, v] of Object.entries(value)) {
      const child = `${path}/${pointer(k)}`;
      if (schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, k)) check(schema.properties[k], v, child, problems);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') check(schema.additionalProperties, v, child, problems);
      if (schema.propertyNames) check(schema.propertyNames, k, child, problems);
    }
    if (schema.if && schema.then) {
      const p = [];
      check(schema.if, value, path, p);
      if (!p.length) check(schema.then, value, path, problems);
    }
  }
}

function nulStrings(value, path, problems) {
  if (typeof value === 'string') {
    if (value.includes('\0') && problems.length < MAX_PROBLEMS) problems.push({ path: path || '/', message: 'contains U+0000' });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) nulStrings(v, `${path}/${pointer(k)}`, problems);
  }
}

/** The problems of `value` as a consent record (empty: it is one). */
function validate(value) {
  const problems = [];
  nulStrings(value, '', problems);
  if (typeOf(value) === 'object') {
    for (const k of Object.keys(value)) {
      if (!Object.prototype.hasOwnProperty.call(SCHEMA.properties, k) && problems.length < MAX_PROBLEMS) {
        problems.push({ path: `/${pointer(k)}`, message: `${JSON.stringify(k)} is not a field of a consent record` });
      }
    }
  }
  check(SCHEMA, value, '', problems);
  return problems;
}

module.exports = { validate };
