// Deliberate type errors: tsc --strict must reject each marked line.
import { apigClientFactory } from "./apigClient";

const client = apigClientFactory.newClient();

async function main(): Promise<void> {
  // @expect-error TS2322: id is an int64 capture, a number.
  await client.itemsIdGet({ id: "seven" });
  // @expect-error TS2741: the path parameter is missing.
  await client.usersNameGet({});
  const page = await client.itemsGet();
  // @expect-error TS2322: the result's items are Items, not strings.
  const s: string[] = page.data.items;
  // @expect-error TS2339: no such method.
  await client.itemsPatchEverything();
  void s;
}

void main;
