import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the build is served from any folder (the e2e serves www/react/dist/).
  base: "./",
  // firstvalue is installed from a folder (a symlink to ../../pkg), outside this project:
  // the dev server must be allowed to read it. Not needed for an install from the registry.
  server: { fs: { allow: ["..", "../../pkg"] } },
  test: { environment: "jsdom" },
});
