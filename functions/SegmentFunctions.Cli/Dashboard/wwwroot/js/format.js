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
    return x.toLocaleString(locale, { style: 'currency', currency: currency || 'EUR', maximumFractionDigits: 2 });
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

// The feature columns of the segmentation, in words and with their units.
const features = {
  recency_days: ['Days since last purchase', 'days'],
  frequency: ['Repeat purchases', 'purchases'],
  monetary_mean: ['Mean order value', 'currency'],
  tenure_days: ['Days since first seen', 'days'],
};

export function featureLabel(name) {
  if (features[name]) return features[name][0];
  const words = name.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function featureUnit(name) {
  if (features[name]) return features[name][1];
  if (/days?$/i.test(name)) return 'days';
  if (/(amount|value|revenue|spend|monetary)/i.test(name)) return 'currency';
  if (/(rate|share|ratio)/i.test(name)) return 'ratio';
  return 'count';
}

export function featureValue(name, value, currency) {
  const unit = featureUnit(name);
  if (value === null || value === undefined) return '–';
  if (unit === 'currency') return money(value, currency);
  if (unit === 'ratio') return percent(value);
  return `${number(value, 1)} ${unit}`;
}
