// Where the API lives. Empty: the origin that served this page (segment serve). When the page is hosted apart from
// the function app (a Storage static website or Static Web Apps), deployment writes the function app's URL here.
export const apiBase = '';
