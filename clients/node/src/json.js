'use strict';
// proto3 JSON (lowerCamelCase or proto field names, as protoc/JsonFormat/json_format write it)
// -> the plain message objects this client sends (proto field names). Needed because the
// client keeps proto field names, so a camelCase key would otherwise be silently ignored.

const {loadContracts} = require('./protos');

function camelCase(name) {
  return name.replace(/_([a-z0-9])/g, (_m, c) => c.toUpperCase());
}

function convertValue(field, value) {
  if (value === null || value === undefined) return value;
  if (field.resolvedType && field.resolvedType.fields) {
    return field.map ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertMessage(field.resolvedType, v)]))
      : convertMessage(field.resolvedType, value);
  }
  // Numbers written as strings in JSON ("NaN", "Infinity", int64) stay as protobufjs reads them.
  if (['double', 'float'].includes(field.type) && typeof value === 'string') return Number(value);
  return value;
}

function convertMessage(type, json) {
  const out = {};
  for (const field of type.fieldsArray) {
    const value = json[field.name] !== undefined ? json[field.name] : json[field.jsonName || camelCase(field.name)];
    if (value === undefined) continue;
    out[field.name] = field.repeated && Array.isArray(value) ? value.map((v) => convertValue(field, v))
      : convertValue(field, value);
  }
  return out;
}

// fromProtoJson('govmetrics.reporting.v1.StudySpec', JSON.parse(text)) -> message object.
function fromProtoJson(typeName, json, protoDir) {
  return convertMessage(loadContracts(protoDir).root.lookupType(typeName), json);
}

module.exports = {fromProtoJson};
