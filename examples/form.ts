/**
 * A form: three inputs in tab order, validation, and a submit button.
 *
 *   deno run -A examples/form.ts
 *
 * Ids: name 11, email 12, age 13, submit 20, status 30.
 *
 * @module
 */
import { button, column, defineApp, heading, input, row, text } from "../src/mod.ts";

// Exported for tests (src/testing); it runs by itself only as the main module.
export default defineApp({
  name: "form",
  autoRun: import.meta.main,
  setup(conn) {
    const values: Record<string, string> = { name: "", email: "", age: "" };
    const field = (id: number, key: string, label: string, placeholder: string) =>
      row({ id: id + 100, gap: 1 }, [
        text(`${label}:`, { id: id + 200, width: 8 }),
        input({
          id,
          placeholder,
          tab_index: id - 10,
          grow: 1,
          onChange: (e) => values[key] = e.value ?? "",
          onKey: (e) => {
            if (e.key === "enter") submit();
          },
        }),
      ]);
    const status = text("Fill in the form and press Submit.", { id: 30 });

    const submit = () => {
      const problems: string[] = [];
      if (!values.name.trim()) problems.push("name is required");
      if (!/^[^@\s]+@[^@\s]+$/.test(values.email)) problems.push("email needs an @");
      if (values.age && !/^\d{1,3}$/.test(values.age)) problems.push("age must be a number");
      conn.set(status, {
        content: problems.length
          ? `Please fix: ${problems.join("; ")}`
          : `Submitted: ${values.name} <${values.email}>${values.age ? `, ${values.age}` : ""}`,
      });
    };

    conn.setTree(column({ id: 1, gap: 1, padding: 1 }, [
      heading("Sign up", { id: 2 }),
      field(11, "name", "Name", "Ada Lovelace"),
      field(12, "email", "Email", "ada@example.com"),
      field(13, "age", "Age", "36"),
      button("Submit", { id: 20, variant: "primary", tabIndex: 4, onPress: submit }),
      status,
    ]));
  },
});
