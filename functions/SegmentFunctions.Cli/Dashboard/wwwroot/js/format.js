// Numbers with their units, in the reader's locale.
const locale = undefined;

export const percent = (x, digits = 1) => x === null || x === undefined ? '–'
  : `${(x * 100).toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`;

export const number = (x, digits = 2) => x === null || x === undefined ? '–'
  : x.toLocaleString(locale, { maximumFractionDigits: digits });

export const count = (x) => x === null || x === undefined ? '–' : Math.round(x).toLocaleString(locale);

export const money = (x, currency) => {
  if (x === null || x === undefined) return '–';
  try {
    if (!currency) return number(x);
    return x.toLocaleString(locale, { style: 'currency', currency, maximumFractionDigits: 2 });
  } catch {
    return `${number(x)} ${currency ?? ''}`.trim();
  }
};

export const interval = (estimate, show) => {
  if (!estimate) return '–';
  const value = show(estimate.value);
  return estimate.low === null || estimate.low === undefined ? value : `${value} (${show(estimate.low)} – ${show(estimate.high)})`;
};

export const dateTime = (iso) => iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '–';

export function age(iso) {
  if (!iso) return '–';
  const minutes = Math.max(0, (Date.now() - new Date(iso).getTime()) / 60000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 90) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}

// The customer features (segmentation columns, churn drivers, feature documents) in words and with their units.
const features = {
  recencyDays: ['Days since last purchase', 'days'],
  frequency: ['Repeat purchases', 'purchases'],
  monetary: ['Mean order value', 'currency'],
  revenue: ['Revenue', 'currency'],
  tenureDays: ['Days since first seen', 'days'],
  sessions: ['Visits', 'visits'],
  orders: ['Orders', 'orders'],
  cartToPurchase: ['Cart conversion', 'ratio'],
  refundRate: ['Refund rate', 'ratio'],
  emailOpens: ['Email opens', 'opens'],
  emailClickRate: ['Email click rate', 'ratio'],
  meanInterPurchaseDays: ['Mean days between purchases', 'days'],
  decayedActivity7: ['Last-week activity', 'events (decayed)'],
  decayedActivity30: ['Recent activity', 'events (decayed)'],
  decayedActivity90: ['Quarterly activity', 'events (decayed)'],
  decayedSpend7: ['Last-week spend', 'currency'],
  decayedSpend30: ['Recent spend', 'currency'],
  decayedSpend90: ['Quarterly spend', 'currency'],
  hasPurchased: ['Has purchased', ''],
  sessionsPerYear: ['Visits per year', ''],
  emailOpensPerYear: ['Email opens per year', ''],
  cartsPerSession: ['Carts per visit', ''],
  emailClicksPerOpen: ['Email clicks per open', ''],
  viewsPerSession: ['Views per visit', ''],
  supportContacts: ['Support contacts', 'contacts'],
};

export function featureLabel(name) {
  if (features[name]) return features[name][0];
  const words = name.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function featureUnit(name) {
  if (features[name]) return features[name][1];
  if (/(days)$/i.test(name)) return 'days';
  // "views_per_session", "clicks_per_open": the unit is in the name.
  if (/_per_/i.test(name)) return '';
  if (/days?$/i.test(name)) return 'days';
  if (/(amount|value|revenue|spend|monetary)/i.test(name)) return 'currency';
  if (/(rate|share|ratio)/i.test(name)) return 'ratio';
  return '';
}

export function featureValue(name, value, currency) {
  const unit = featureUnit(name);
  if (value === null || value === undefined) return '–';
  if (unit === 'currency') return money(value, currency);
  if (unit === 'ratio') return percent(value);
  return unit ? `${number(value, 1)} ${unit}` : number(value, 2);
}
