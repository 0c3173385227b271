/** @jsxImportSource @viewport/viewport */
/**
 * examples/todo.ts written in JSX: the same app, ids and behaviour. Elements
 * are the SDK's components with the same typed props; `Item` is a function
 * component.
 *
 *   deno run -A examples/todo_jsx.tsx
 *
 * @module
 */
import { type Connection, defineApp, type VNode } from "../src/mod.ts";

interface Todo {
  title: string;
  done: boolean;
}

/** One item; its row takes its id from the `key` it is given. */
function Item(props: { todo: Todo; n: number; onToggle: () => void }): VNode {
  const { todo, n } = props;
  return (
    <row interactive="clickable" onClick={props.onToggle}>
      <text id={101 + 2 * n} dim={todo.done}>{todo.done ? "[x]" : "[ ]"} {todo.title}</text>
    </row>
  );
}

function App(props: { conn: Connection; items: Todo[]; draft: { text: string } }): VNode {
  const { conn, items, draft } = props;
  const rerender = () => conn.render(<App {...props} />);
  return (
    <column id={1} gap={1} padding={1}>
      <heading id={5}>Todo</heading>
      <input
        id={2}
        value={draft.text}
        placeholder="What needs doing? Enter adds it"
        onChange={(e) => draft.text = e.value}
        onKey={(e) => {
          if (e.key !== "enter" || draft.text.trim() === "") return;
          items.push({ title: draft.text.trim(), done: false });
          draft.text = "";
          rerender();
        }}
      />
      <column id={3} align="start">
        {items.map((todo, n) => (
          <Item
            key={100 + 2 * n}
            todo={todo}
            n={n}
            onToggle={() => {
              todo.done = !todo.done;
              rerender();
            }}
          />
        ))}
      </column>
      <text id={4} color="dim">{items.filter((i) => !i.done).length} to do</text>
    </column>
  );
}

defineApp({
  name: "todo (jsx)",
  setup(conn) {
    conn.render(<App conn={conn} items={[]} draft={{ text: "" }} />);
  },
});
