/** `date` as an ISO UTC time to the second, `YYYY-MM-DDTHH:MM:SSZ`, the form every stored time has. */
export function toIsoSecond(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
