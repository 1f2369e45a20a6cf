// Validates OpenAPI 3.1 documents: @apidevtools/swagger-parser checks the
// document against the OpenAPI 3.1 schema and resolves every $ref; on top,
// each schema in components/schemas must compile as JSON Schema 2020-12
// (ajv, strict), operationIds must be unique and every path template
// variable must be declared as a path parameter.
// Usage: node validate-openapi.mjs FILE...
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020 from "ajv/dist/2020.js";

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function semantic(api) {
  const problems = [];
  const ids = new Set();
  for (const [path, item] of Object.entries(api.paths ?? {})) {
    const vars = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const m of methods) {
      const op = item[m];
      if (!op) continue;
      if (ids.has(op.operationId)) problems.push(`duplicate operationId ${op.operationId}`);
      ids.add(op.operationId);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].filter((p) => p.in === "path");
      for (const v of vars) {
        if (!params.some((p) => p.name === v)) problems.push(`${m.toUpperCase()} ${path}: no path parameter ${v}`);
      }
      for (const p of params) {
        if (!vars.includes(p.name)) problems.push(`${m.toUpperCase()} ${path}: path parameter ${p.name} is not in the path`);
      }
    }
  }
  // The schemas refer to each other as #/components/schemas/NAME: compile
  // them inside a root document of that shape.
  const ajv = new Ajv2020({ strict: true, validateFormats: false });
  ajv.addKeyword("components");
  ajv.addSchema({ $id: "https://openapi.invalid/doc.json", components: api.components ?? {} });
  for (const name of Object.keys(api.components?.schemas ?? {})) {
    try {
      ajv.compile({ $ref: `https://openapi.invalid/doc.json#/components/schemas/${name}` });
    } catch (err) {
      problems.push(`components/schemas/${name}: ${err.message}`);
    }
  }
  return problems;
}

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const raw = await SwaggerParser.parse(file);
    const copy = structuredClone(raw);
    await SwaggerParser.validate(raw);
    if (copy.openapi !== "3.1.0") throw new Error(`openapi is ${copy.openapi}, want 3.1.0`);
    const problems = semantic(copy);
    if (problems.length) throw new Error(problems.join("\n  "));
    console.log(`valid: ${file}`);
  } catch (err) {
    failed++;
    console.log(`invalid: ${file}: ${err.message}`);
  }
}
process.exit(failed ? 1 : 0);
