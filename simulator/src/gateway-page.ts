/**
 * What the front door answers when no API is behind a path: the load balancer's / gateway's own
 * 404 page, in HTML, not any service's error envelope. Real clouds behave this way (nginx, Kong,
 * ALB pages), and a client must not mistake it for the API's "this object does not exist"; see
 * issue 6 §3. Cloud-agnostic.
 */
import type { ServiceResponse } from "./service";

export const GATEWAY_404_HTML =
  "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not " +
  "Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

export function gatewayNotFound(): ServiceResponse {
  return { status: 404, text: GATEWAY_404_HTML, headers: { "content-type": "text/html" } };
}
