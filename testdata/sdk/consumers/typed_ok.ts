// A consumer of the typed app's generated client: must type-check under
// tsc --strict. The test compiles it against apigClient.d.ts (JavaScript
// client) and against apigClient.ts (TypeScript client).
import { apigClientFactory, ApiError } from "./apigClient";
import type { Item, Node, Page_Item, User } from "./apigClient";

const client = apigClientFactory.newClient({ endpoint: "http://127.0.0.1:8000", apiKey: "k" });

async function main(): Promise<void> {
  const page = await client.itemsGet();
  const items: Page_Item = page.data;
  const first: Item | undefined = items.items[0];
  if (first) {
    const when: string = first.created;
    const tags: string[] | undefined = first.tags;
    const owner: User | null = first.owner;
    const tree: Node = first.tree;
    const parent: Node | null = tree.parent;
    const count: number = first.count;
    void [when, tags, owner, parent, count];
  }
  const created = await client.itemsPost(undefined, {
    created: "2024-01-01T00:00:00Z",
    id: "1",
    name: "n",
    labels: {},
    color: "red",
    any: null,
    addr: "127.0.0.1",
    tree: { name: "root", parent: null },
    score: 1.5,
    count: 2,
    fixed: [1, 2],
    owner: { name: "u", friends: [{ name: "f" }] },
    Untagged: true,
  });
  const status: number = created.status;
  const one = await client.itemsIdGet({ id: 7 });
  const maybe: Item | null = one.data;
  const none = await client.itemsIdDelete({ id: 7 });
  const nothing: null = none.data;
  const file = await client.usersFilesPathGet({ path: "a/b.txt" });
  const path: string = file.data.path;
  try {
    await client.usersNameGet({ name: "ann" });
  } catch (err) {
    if (err instanceof ApiError) {
      const code: string | undefined = err.Code;
      void code;
    }
  }
  void [status, maybe, nothing, path];
}

void main;
