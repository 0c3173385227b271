/**
 * The minimal viewer for SDK tests lives in the public test kit
 * (`src/testing/viewer_end.ts`); this name is kept for the protocol tests.
 */
export { TestViewer as FakeViewer } from "../../src/testing/viewer_end.ts";
