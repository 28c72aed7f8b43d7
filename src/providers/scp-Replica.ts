// The scp:Replica provider: this module's export is what the engine stores (see src/provider.ts).
import { providerFor } from "../provider";
module.exports = providerFor("scp:Replica");
