// A webpack 5 app that follows the package README: import, init, mount, track.
import init, { mount } from "firstvalue";
import { start } from "./bundled-app.js";

await start(init, mount, "webpack_user");
