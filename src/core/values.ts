// How input rules of every cloud show a refused value and judge an IPv4 network: one place, so a
// refusal reads the same whichever resource or cloud made it.

/**
 * A value as a refusal shows it: JSON, cut after 40 characters (with the full length), so a
 * 100,000-character input never floods the screen.
 */
export function shown(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}… (${text.length} characters)` : JSON.stringify(text);
}

/**
 * The network a CIDR names, or undefined when host bits are set ("10.0.0.1/24"): the API would
 * store the network (or refuse), and the program would then differ from it on every run.
 */
export function hostBitsSet(octets: number[], prefix: number): string | undefined {
  const ip = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((ip & mask) >>> 0 === ip) return undefined;
  const net = (ip & mask) >>> 0;
  return `${[net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join(".")}/${prefix}`;
}
