// Calls the typed test app (served by chalicegen local) through its
// generated apigClient.js and checks every answer against the schema that
// generate-models gave the operation: the types the client promises are
// the JSON the Go handlers really send. Prints one line per call and exits
// non-zero on any mismatch.
// Usage: node conformance.mjs CLIENT_DIR OPENAPI_JSON ENDPOINT
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

const [clientDir, openapiFile, endpoint] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { apigClientFactory, ApiError } = require(join(clientDir, "apigClient.js"));
const api = JSON.parse(readFileSync(openapiFile, "utf8"));

const ajv = new Ajv2020({ strict: true, validateFormats: false });
ajv.addKeyword("components");
ajv.addSchema({ $id: "https://openapi.invalid/doc.json", components: api.components });

const ops = {};
for (const [path, item] of Object.entries(api.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (op && op.operationId) ops[op.operationId] = { path, method, op };
  }
}

function schemaFor(id, status) {
  const res = ops[id].op.responses[String(status)] ?? ops[id].op.responses.default;
  const schema = res?.content?.["application/json"]?.schema;
  if (!schema) return null;
  // Refs inside the schema point at #/components/...: resolve them in the document.
  return rewrite(schema);
}

function rewrite(s) {
  if (Array.isArray(s)) return s.map(rewrite);
  if (s && typeof s === "object") {
    const out = {};
    for (const [k, v] of Object.entries(s)) {
      out[k] = k === "$ref" ? "https://openapi.invalid/doc.json" + v : rewrite(v);
    }
    return out;
  }
  return s;
}

let failed = 0;
function check(id, status, data) {
  const s = schemaFor(id, status);
  if (!s) {
    console.log(`FAIL ${id}: no JSON schema for status ${status}`);
    failed++;
    return;
  }
  const validate = ajv.compile(s);
  if (validate(data)) {
    console.log(`ok ${id} ${status} ${JSON.stringify(data)}`);
  } else {
    console.log(`FAIL ${id} ${status} ${JSON.stringify(data)}: ${ajv.errorsText(validate.errors)}`);
    failed++;
  }
}

const client = apigClientFactory.newClient({ endpoint });
const keyed = apigClientFactory.newClient({ endpoint, apiKey: "k", authorization: "let-me-in" });
const item = {
  created: "2024-01-02T03:04:05Z", id: "9", name: "posted", labels: {}, color: "blue", any: [1, "x"],
  addr: "::1", tree: { name: "t", parent: null }, score: 2, count: 1, fixed: [0, 0],
  owner: null, Untagged: false, tags: ["x"],
};
// [operationId, call, expected status, check of the data]
const calls = [
  ["itemsGet", () => client.itemsGet()],
  ["itemsPost", () => client.itemsPost(undefined, item), 200, (d) => d.name === "posted" && d.tags[0] === "x"],
  ["itemsIdGet", () => client.itemsIdGet({ id: 42 })],
  ["itemsIdGet", () => client.itemsIdGet({ id: 0 }), 404],
  ["itemsIdPut", () => client.itemsIdPut({ id: 7 }, item), 200, (d) => d.id === "7" && d.name === "posted"],
  ["itemsIdPatch", () => client.itemsIdPatch({ id: 8 }, item)],
  ["itemsIdDelete", () => client.itemsIdDelete({ id: 7 })],
  ["atWhenIpGet", () => client.atWhenIpGet({ when: "2024-05-06T07:08:09Z", ip: "10.0.0.1" })],
  ["atWhenIpGet", () => client.atWhenIpGet({ when: "yesterday", ip: "10.0.0.1" }), 400],
  ["keyedGet", () => keyed.keyedGet()],
  ["keyedGet", () => client.keyedGet(), 403],
  ["mineGet", () => keyed.mineGet()],
  ["mineGet", () => apigClientFactory.newClient({ endpoint, apiKey: "k" }).mineGet(), 401],
  ["usersNameGet", () => client.usersNameGet({ name: "ann" })],
  ["usersNameGet", () => client.usersNameGet({ name: "zed" }), 404],
  ["usersFilesPathGet", () => client.usersFilesPathGet({ path: "docs/a b/c&d.txt" }), 200, (d) => d.path === "docs/a b/c&d.txt"],
];
for (const [id, call, wantStatus = 200, wantData] of calls) {
  try {
    const res = await call();
    if (res.status !== wantStatus) {
      console.log(`FAIL ${id}: status ${res.status}, want ${wantStatus}`);
      failed++;
      continue;
    }
    if (wantData && !wantData(res.data)) {
      console.log(`FAIL ${id}: unexpected data ${JSON.stringify(res.data)}`);
      failed++;
      continue;
    }
    check(id, res.status, res.data);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== wantStatus) {
      console.log(`FAIL ${id}: ${err} (status ${err.status}), want ${wantStatus}`);
      failed++;
      continue;
    }
    check(id, err.status, err.data);
  }
}
console.log(`${calls.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
