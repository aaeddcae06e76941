// A server component: the config is read at build time and handed to the client components.
import config from "../../acme.config.json";
import { Product } from "./Product";

export default function Page() {
  return <Product config={config} />;
}
