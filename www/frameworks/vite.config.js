import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig({
  plugins: [vue(), svelte()],
  // Relative asset URLs: the build is served from any folder (the e2e serves www/frameworks/dist/).
  base: "./",
  build: { rollupOptions: { input: { vue: "vue.html", svelte: "svelte.html" } } },
  // firstvalue is installed from a folder (a symlink to ../../pkg), outside this project.
  server: { fs: { allow: ["..", "../../pkg"] } },
});
