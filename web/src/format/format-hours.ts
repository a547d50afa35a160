const hoursFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** Hours played as people say them: "0.5 h", "12 h", "1,204 h". */
export function formatHours(hours: number): string {
  return `${hoursFormat.format(hours >= 10 ? Math.round(hours) : hours)} h`;
}
