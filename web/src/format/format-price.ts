const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** A catalog price in GBP as shown on a card: "Free", "£7.19", or "Price unknown". */
export function formatPrice(price: number | null): string {
  if (price === null) return 'Price unknown';
  return price === 0 ? 'Free' : gbp.format(price);
}
