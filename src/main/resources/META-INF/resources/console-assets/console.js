/*
 * Kopilka console: the pages' data comes from the JSON APIs (admin, campaigns, reports) through fetch with the
 * session cookie; unsafe requests carry the page's CSRF token. Validation and scoping stay in the APIs, whose
 * problem+json answers are shown next to the form that caused them.
 */
(function () {
  'use strict';

  const body = document.body;
  const T = JSON.parse(document.getElementById('texts').textContent);
  const CSRF = body.dataset.csrf;
  const LANG = body.dataset.lang;
  /** Each interface language's regional format: numbers, money and dates follow the page, not the browser. */
  const LOCALE = { ru: 'ru-RU', uk: 'uk-UA', bg: 'bg-BG', en: 'en-GB' }[LANG] || 'ru-RU';
  /** The day as people of the language write it: dd.mm.yyyy (ru, uk, bg), dd/mm/yyyy (en-GB). */
  const DAY_SEPARATOR = LANG === 'en' ? '/' : '.';
  const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
  const MONEY = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: body.dataset.currency });
  const MINOR_DIGITS = MONEY.resolvedOptions().maximumFractionDigits;
  const MONEY_WHOLE = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: body.dataset.currency, maximumFractionDigits: 0, minimumFractionDigits: 0 });
  const NUMBER = new Intl.NumberFormat(LOCALE);
  const ADMIN = '/api/admin/v1';
  const REPORTS = '/api/reports/v1';
  const COLORS = ['#0f766e', '#f59e0b', '#6366f1', '#e11d48', '#0ea5e9', '#84cc16'];

  // ---- formatting -------------------------------------------------------------------------------------------
  const fmt = {
    money: (minor) => (minor === null || minor === undefined ? '—' : MONEY.format(minor / Math.pow(10, MINOR_DIGITS))),
    /** report figures, on cards and in tables alike: whole units (the exports keep the minor units) */
    reportMoney: (minor) => (minor === null || minor === undefined ? '—'
      : MONEY_WHOLE.format(Math.round(minor / Math.pow(10, MINOR_DIGITS)))),
    num: (n) => (n === null || n === undefined ? '—' : NUMBER.format(n)),
    /** a share 0..1 (loyalty_share) */
    share: (s) => (s === null || s === undefined ? '—' : NUMBER.format(Math.round(s * 1000) / 10) + ' %'),
    /** a percentage 0..100 (crr, churn) */
    pct: (p) => (p === null || p === undefined ? '—' : NUMBER.format(Math.round(p * 10) / 10) + ' %'),
    date: (iso) => (iso ? dayText(iso) : '—'),
    dateTime: (iso) => (iso ? new Date(iso).toLocaleString(LOCALE, { dateStyle: 'short', timeStyle: 'short' }) : '—'),
    toMinor: (units) => Math.round(Number(units) * Math.pow(10, MINOR_DIGITS)),
  };

  /** A date (2026-12-06) or an instant (local day) as dd.mm.yyyy; Intl's bg-BG would add " г.". */
  function dayText(iso) {
    const m = ISO_DAY.exec(iso);
    const p = (n) => String(n).padStart(2, '0');
    if (m) return [m[3], m[2], m[1]].join(DAY_SEPARATOR);
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : [p(d.getDate()), p(d.getMonth() + 1), d.getFullYear()].join(DAY_SEPARATOR);
  }

  /** What a person typed (06.12.2026, 6/12/2026 or 2026-12-06) as an ISO day, or null. */
  function parseDay(text) {
    const t = String(text || '').trim();
    const iso = ISO_DAY.exec(t);
    const m = iso ? [null, iso[3], iso[2], iso[1]] : /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
    if (!m) return null;
    const d = new Date(Number(m[3]), Number(m[2]) - 1, Number(m[1]), 12);
    return d.getDate() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 ? isoDay(d) : null;
  }

  function isoDay(d) {
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
  }

  /** The chain's today (the server's answer: the latest local date among its stores), not the browser's. */
  const TODAY = /^\d{4}-\d{2}-\d{2}$/.test(body.dataset.today || '') ? body.dataset.today : isoDay(new Date());

  function daysAgo(n) {
    const d = new Date(TODAY + 'T12:00:00');
    d.setDate(d.getDate() - n);
    return isoDay(d);
  }

  // ---- DOM helpers ------------------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.substring(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    });
    children.flat().forEach((c) => {
      if (c === null || c === undefined) return;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    });
    return node;
  }

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  /** A table of rows; columns: {label, value(row), num, cls}. Empty → the empty state. */
  function table(columns, rows, attrs) {
    if (!rows || rows.length === 0) {
      return el('p', { class: 'empty' }, T.no_data);
    }
    return el('div', { class: 'table-wrap' }, el('table', Object.assign({ class: 'table' }, attrs || {}),
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', { class: c.num ? 'num' : null, scope: 'col' }, c.label)))),
      el('tbody', {}, rows.map((r) => el('tr', {}, columns.map((c) => el('td', { class: c.num ? 'num' : c.cls || null }, c.value(r))))))));
  }

  function show(target, content) {
    const node = typeof target === 'string' ? $(target) : target;
    node.replaceChildren(content);
    return node;
  }

  function kpi(label, value, key) {
    return el('div', { class: 'kpi', 'data-kpi': key }, el('div', { class: 'kpi-label' }, label), el('div', { class: 'kpi-value' }, value));
  }

  /**
   * Chromium draws date and datetime-local inputs in the *browser's* locale (mm/dd/yyyy and a 12-hour clock in an
   * English Chromium), not the page's language: each becomes text fields in the language's pattern (the day; the
   * day and a 24-hour HH:MM) over a hidden input that keeps the name, id, data-path and ISO value (yyyy-mm-dd;
   * yyyy-mm-ddTHH:MM) that the pages read and set. Setting the hidden input's value from code shows it in the
   * texts (a programme restored from an old version). Safe to call again on the same root: a converted input is
   * hidden and marked. Called at start and wherever a page builds such inputs later (multiplier rows).
   */
  const NATIVE_VALUE = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');

  /** What a person typed as a 24-hour time (9:05, 09.05, 0905) as HH:MM, or null. */
  function parseTime(text) {
    const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(String(text || '').trim());
    return m && Number(m[1]) < 24 && Number(m[2]) < 60 ? m[1].padStart(2, '0') + ':' + m[2] : null;
  }

  function localDateInputs(root) {
    $$('input[type=date], input[type=datetime-local]', root).forEach((input) => {
      if (input.dataset.local) return;
      const withTime = input.type === 'datetime-local';
      const forId = input.id || input.name || null;
      const day = el('input', { type: 'text', class: 'date-text', inputmode: 'numeric', autocomplete: 'off',
        placeholder: T.date_pattern, required: input.required, 'data-date-for': forId });
      const time = withTime ? el('input', { type: 'text', class: 'time-text', inputmode: 'numeric', autocomplete: 'off',
        placeholder: T.time_pattern, maxlength: 5, 'data-time-for': forId }) : null;
      const texts = time ? [day, time] : [day];
      const initial = NATIVE_VALUE.get.call(input);
      input.dataset.local = withTime ? 'datetime' : 'date';
      input.type = 'hidden';
      input.after(time ? el('span', { class: 'date-time' }, day, time) : day);
      input.localTexts = texts;
      Object.defineProperty(input, 'value', {
        configurable: true,
        get() { return NATIVE_VALUE.get.call(input); },
        set(v) {
          NATIVE_VALUE.set.call(input, v || '');
          const [d, t] = String(v || '').split('T');
          day.value = d ? dayText(d) : '';
          if (time) time.value = t ? t.substring(0, 5) : '';
          texts.forEach((x) => x.setCustomValidity(''));
        },
      });
      input.value = initial;
      texts.forEach((x) => (x.defaultValue = x.value)); // a form's reset shows the first value again
      if (input.form) input.form.addEventListener('reset', () => { if (input.isConnected) input.value = initial; });
      const typed = () => {
        const d = parseDay(day.value);
        const t = time ? parseTime(time.value) : null;
        const noDay = time && time.value.trim() && !day.value.trim();
        day.setCustomValidity((day.value.trim() && !d) || noDay ? T.date_invalid : '');
        if (time) time.setCustomValidity(time.value.trim() && !t ? T.time_invalid : '');
        // a day without a time is its start; a wrong part leaves no value (and the field invalid), never a guess
        const valid = texts.every((x) => x.validity.customError === false);
        NATIVE_VALUE.set.call(input, !valid || !d ? '' : time ? d + 'T' + (t || '00:00') : d);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      };
      texts.forEach((x) => x.addEventListener('input', typed));
    });
  }

  /** The first day or time text under root that is wrong, shown with its message; null when all are right. */
  function wrongDateText(root) {
    const wrong = $$('.date-text, .time-text', root).find((x) => !x.validity.valid) || null;
    if (wrong) wrong.reportValidity();
    return wrong;
  }

  // ---- the API ---------------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || T.error_generic);
      this.status = status;
      this.problem = problem || {};
    }
  }

  async function api(method, path, payload) {
    const headers = { Accept: 'application/json', 'Accept-Language': LANG };
    if (method !== 'GET') headers['X-Kopilka-CSRF'] = CSRF;
    const options = { method, headers, credentials: 'same-origin' };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(payload);
    }
    const response = await fetch(path, options);
    if (response.status === 401) {
      location.href = '/console/login?next=' + encodeURIComponent(location.pathname);
      throw new ApiError(401, { detail: T.error_generic });
    }
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = { detail: text };
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  /** Clears a form's messages: the field errors next to inputs and the alert after the form. */
  function clearErrors(form) {
    $$('.field-error', form).forEach((s) => (s.textContent = ''));
    $$('.invalid', form).forEach((s) => s.classList.remove('invalid'));
    const alert = form.parentElement.querySelector('.form-error');
    if (alert) alert.hidden = true;
  }

  /** Shows a problem+json next to the form: each field error by its field, the detail in the alert. */
  function showProblem(form, error, alertNode) {
    const problem = error instanceof ApiError ? error.problem : { detail: String(error) };
    const unplaced = [];
    (problem.errors || []).forEach((fe) => {
      const slot = $$('.field-error', form).find((s) => s.dataset.field === fe.field)
        || $$('.field-error', form).find((s) => fe.field && fe.field.startsWith(s.dataset.field + '['));
      if (slot) {
        slot.textContent = fe.message;
        const input = slot.parentElement.querySelector('input:not([type=hidden]),select,textarea');
        if (input) input.classList.add('invalid');
      } else {
        unplaced.push(fe.field + ': ' + fe.message);
      }
    });
    const alert = alertNode || form.parentElement.querySelector('.form-error');
    if (alert) {
      alert.hidden = false;
      // the detail alone when there is one: title and detail side by side read as one garbled sentence; a
      // message beside its field is not repeated, one the form has no place for is listed with its path
      alert.replaceChildren(problem.detail ? problem.detail : el('strong', {}, problem.title || T.error_generic),
        el('ul', { hidden: unplaced.length === 0 || (problem.errors || []).length < 2 }, unplaced.map((d) => el('li', {}, d))));
    }
  }

  function showError(node, error) {
    node.hidden = false;
    const problem = error instanceof ApiError ? error.problem : {};
    node.replaceChildren(error.message || problem.title || T.error_generic);
  }

  /** Wires a form to an async action; the submit button is disabled while it runs. */
  function onSubmit(form, action) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      if (wrongDateText(form)) return; // a novalidate form would send no date rather than the one meant
      const button = $('button[type=submit]', form);
      if (button) button.disabled = true;
      try {
        await action(new FormData(form));
      } catch (e) {
        showProblem(form, e);
      } finally {
        if (button) button.disabled = false;
      }
    });
  }

  const intOrNull = (v) => (v === null || v === undefined || String(v).trim() === '' ? null : Number(v));

  // ---- charts ----------------------------------------------------------------------------------------------
  const charts = {};

  function chart(id, type, labels, datasets, options) {
    const canvas = document.getElementById(id);
    if (!canvas || !window.Chart) return;
    if (charts[id]) charts[id].destroy();
    charts[id] = new window.Chart(canvas, {
      type,
      data: {
        labels: labels.map((l) => (ISO_DAY.test(l) ? fmt.date(l) : l)),
        datasets: datasets.map((d, i) => Object.assign({
          backgroundColor: type === 'doughnut' ? COLORS : COLORS[i % COLORS.length],
          borderColor: type === 'doughnut' ? '#fff' : COLORS[i % COLORS.length],
          borderWidth: type === 'line' ? 2 : 1, tension: 0.25, pointRadius: 2,
        }, d)),
      },
      options: Object.assign({
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: datasets.length > 1 || type === 'doughnut', position: 'bottom' } },
      }, options || {}),
    });
    canvas.dataset.points = String(labels.length);
  }

  // the axis counts minor units: without a floor of 100 whole units an all-zero period draws ticks 0.2 kopeck
  // apart, each shown as "0 ₽"
  const moneyAxis = { scales: { y: { suggestedMax: 100 * Math.pow(10, MINOR_DIGITS),
    ticks: { callback: (v) => MONEY_WHOLE.format(v / Math.pow(10, MINOR_DIGITS)) } } } };

  // ---- reports ---------------------------------------------------------------------------------------------
  function reportUrl(path, params) {
    const query = new URLSearchParams();
    Object.entries(params).forEach(([k, v]) => { if (v !== null && v !== undefined && v !== '') query.set(k, v); });
    return REPORTS + path + '?' + query.toString();
  }

  /** A report that failed: its message instead of empty charts. */
  function reportError(error) {
    $$('.chart-card').forEach((c) => (c.hidden = true));
    const node = $('.report-error');
    if (node) {
      node.hidden = false;
      node.replaceChildren(el('strong', {}, T.error_reports), ' ', error.message || '');
    }
  }

  /** Sales rows summed per period (over the stores shown). */
  function byPeriod(rows) {
    const periods = new Map();
    rows.forEach((r) => {
      const p = periods.get(r.period) || { period: r.period, receipts: 0, loyalty_receipts: 0, sales: 0, points_earned: 0, points_redeemed: 0, new_members: 0 };
      ['receipts', 'loyalty_receipts', 'sales', 'points_earned', 'points_redeemed', 'new_members'].forEach((k) => (p[k] += r[k] || 0));
      periods.set(r.period, p);
    });
    return Array.from(periods.values()).sort((a, b) => (a.period < b.period ? -1 : 1))
      .map((p) => Object.assign(p, { loyalty_share: p.receipts ? p.loyalty_receipts / p.receipts : 0 }));
  }

  /** Daily rows have no row for a day without receipts: the chart shows those days as zero. */
  function everyDay(periods, from, to) {
    const known = new Map(periods.map((p) => [p.period, p]));
    const out = [];
    for (let d = new Date(from + 'T12:00:00'); isoDay(d) <= to && out.length < 400; d.setDate(d.getDate() + 1)) {
      const day = isoDay(d);
      out.push(known.get(day) || { period: day, receipts: 0, loyalty_receipts: 0, sales: 0, points_earned: 0, points_redeemed: 0, new_members: 0, loyalty_share: null });
    }
    return out;
  }

  function salesKpis(totals) {
    return [
      kpi(T.kpi_sales, fmt.reportMoney(totals.sales), 'sales'),
      kpi(T.kpi_receipts, fmt.num(totals.receipts), 'receipts'),
      kpi(T.kpi_loyalty_share, fmt.share(totals.loyalty_share), 'loyalty_share'),
      kpi(T.kpi_average_receipt, fmt.reportMoney(totals.average_receipt), 'average_receipt'),
      kpi(T.kpi_points_earned, fmt.num(totals.points_earned), 'points_earned'),
      kpi(T.kpi_points_redeemed, fmt.num(totals.points_redeemed), 'points_redeemed'),
      kpi(T.kpi_new_members, fmt.num(totals.new_members), 'new_members'),
    ];
  }

  function salesCharts(periods) {
    const labels = periods.map((p) => p.period);
    chart('sales-chart', 'bar', labels, [{ label: T.kpi_sales, data: periods.map((p) => p.sales) }], moneyAxis);
    chart('share-chart', 'line', labels, [{ label: T.kpi_loyalty_share, data: periods.map((p) => (p.loyalty_share === null ? null : Math.round(p.loyalty_share * 1000) / 10)) }],
      { scales: { y: { min: 0, max: 100 } } });
    chart('receipts-chart', 'bar', labels, [
      { label: T.kpi_receipts, data: periods.map((p) => p.receipts) },
      { label: T.chart_loyalty_receipts, data: periods.map((p) => p.loyalty_receipts) }]);
  }

  async function loadStores() {
    return api('GET', ADMIN + '/stores');
  }

  /** The filter bar of the report pages: dates, granularity, store; calls load(params) on submit and at once. */
  async function filters(load, defaultDays) {
    const form = $('#filters');
    if ($('#f-from')) $('#f-from').value = daysAgo(defaultDays || 29);
    if ($('#f-to')) $('#f-to').value = TODAY;
    if ($('#f-granularity')) $('#f-granularity').value = 'week';
    const stores = await loadStores().catch(() => []);
    const select = $('#f-store');
    stores.forEach((s) => select.append(el('option', { value: s.id }, s.code + ' · ' + s.name)));
    const params = () => {
      const data = new FormData(form);
      const p = { from: data.get('from'), to: data.get('to'), store_id: data.get('store_id') };
      if (data.get('granularity')) p.granularity = data.get('granularity');
      return p;
    };
    const run = async () => {
      const node = $('.report-error');
      if (node) node.hidden = true;
      $$('.chart-card').forEach((c) => (c.hidden = false));
      try {
        await load(params(), stores);
      } catch (e) {
        reportError(e);
      }
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
    form.addEventListener('change', () => form.dispatchEvent(new CustomEvent('filters', { detail: params() })));
    await run();
    return params;
  }

  const pages = {};

  /**
   * Bonus against discount, like with like (docs/reports.md#economics-bonus-versus-discount): what the year's
   * earned points became, then their cost against the same receipts' discounts.
   */
  function economicsCard(e) {
    return el('div', {},
      el('p', { class: 'muted' }, T.economics_period),
      el('div', { class: 'kpi-row' },
        kpi(T.kpi_points_earned, fmt.num(e.points_earned), 'economics_points_earned'),
        kpi(T.kpi_points_redeemed, fmt.num(e.points_redeemed), 'economics_points_redeemed'),
        kpi(T.kpi_points_expired, fmt.num(e.points_expired), 'points_expired'),
        kpi(T.economics_outstanding, fmt.num(e.liability_points), 'liability_points')),
      el('div', { class: 'kpi-row' },
        kpi(T.kpi_equivalent_discount, fmt.reportMoney(e.equivalent_discount_cost), 'equivalent_discount_cost'),
        kpi(T.kpi_programme_cost, fmt.reportMoney(e.programme_cost), 'programme_cost'),
        kpi(T.kpi_difference, fmt.reportMoney(e.difference), 'difference')),
      el('p', { class: 'muted' }, T.economics_explained));
  }

  pages.dashboard = async function () {
    const from = daysAgo(29);
    const to = TODAY;
    // each report on its own: one that fails leaves the others on the page
    const [stores, sales, liability, economics] = await Promise.allSettled([
      loadStores(),
      api('GET', reportUrl('/sales', { from, to, granularity: 'day' })),
      api('GET', reportUrl('/liability', {})),
      // a year of receipts: the fate of their points (spent, expired, still outstanding) is what the card compares
      api('GET', reportUrl('/economics', { from: daysAgo(364), to })),
    ]);
    const failed = [sales, liability, economics].find((r) => r.status === 'rejected');
    if (failed) reportError(failed.reason);
    if (sales.status === 'fulfilled') $$('.chart-card').forEach((c) => (c.hidden = false));
    const perStore = new Map();
    const row = el('div', { class: 'kpi-row' });
    if (sales.status === 'fulfilled') {
      row.append(...salesKpis(sales.value.totals));
      sales.value.rows.forEach((r) => {
        const t = perStore.get(r.store_id) || { receipts: 0, loyalty_receipts: 0, sales: 0, points_earned: 0 };
        ['receipts', 'loyalty_receipts', 'sales', 'points_earned'].forEach((k) => (t[k] += r[k] || 0));
        perStore.set(r.store_id, t);
      });
      salesCharts(everyDay(byPeriod(sales.value.rows), from, to));
    }
    if (liability.status === 'fulfilled') {
      row.append(kpi(T.kpi_points_outstanding, fmt.num(liability.value.totals.points_outstanding), 'points_outstanding'),
        kpi(T.kpi_points_pending, fmt.num(liability.value.totals.points_pending), 'points_pending'),
        kpi(T.kpi_liability, fmt.reportMoney(liability.value.totals.value), 'liability'));
    }
    show('#kpis', row);
    if (economics.status === 'fulfilled') {
      show('#economics', economicsCard(economics.value));
    }
    if (stores.status === 'rejected') throw stores.reason;
    const figure = (id, key, f) => (perStore.has(id) ? f(perStore.get(id)[key]) : '—');
    show('#store-table', table([
      { label: T.col_code, value: (s) => s.code, cls: 'mono' },
      { label: T.col_name, value: (s) => s.name },
      { label: T.kpi_receipts, num: true, value: (s) => figure(s.id, 'receipts', fmt.num) },
      { label: T.kpi_sales, num: true, value: (s) => figure(s.id, 'sales', fmt.reportMoney) },
      { label: T.kpi_loyalty_share, num: true, value: (s) => (perStore.has(s.id) && perStore.get(s.id).receipts
        ? fmt.share(perStore.get(s.id).loyalty_receipts / perStore.get(s.id).receipts) : '—') },
      { label: T.kpi_points_earned, num: true, value: (s) => figure(s.id, 'points_earned', fmt.num) },
    ], stores.value, { id: 'stores' }));
  };

  pages.trends = async function () {
    await filters(async (p) => {
      const s = await api('GET', reportUrl('/sales', p));
      show('#kpis', el('div', { class: 'kpi-row' }, salesKpis(s.totals)));
      const periods = s.granularity === 'day' ? everyDay(byPeriod(s.rows), s.from, s.to) : byPeriod(s.rows);
      salesCharts(periods);
      show('#period-table', table([
        { label: T.col_period, value: (r) => r.period },
        { label: T.kpi_receipts, num: true, value: (r) => fmt.num(r.receipts) },
        { label: T.kpi_loyalty_share, num: true, value: (r) => fmt.share(r.loyalty_share) },
        { label: T.kpi_sales, num: true, value: (r) => fmt.reportMoney(r.sales) },
        { label: T.kpi_points_earned, num: true, value: (r) => fmt.num(r.points_earned) },
        { label: T.kpi_points_redeemed, num: true, value: (r) => fmt.num(r.points_redeemed) },
        { label: T.kpi_new_members, num: true, value: (r) => fmt.num(r.new_members) },
      ], periods));
    }, 89);
  };

  /** A rate the API withheld (too few customers at the start) reads "—" with the reason. */
  function rate(value, note, minBase) {
    if (value !== null && value !== undefined) return fmt.pct(value);
    const reason = note === 'base-too-small' ? T.rate_base_too_small.replace('{0}', fmt.num(minBase)) : '';
    return el('span', { class: 'withheld', 'data-note': note || '' }, '—', el('small', { class: 'muted' }, ' ' + reason));
  }

  /** A trend period's label: the month when the points are months, else the day. */
  function periodLabel(iso, months) {
    return months ? new Date(iso + 'T12:00:00').toLocaleDateString(LOCALE, { month: 'short', year: 'numeric' }) : fmt.date(iso);
  }

  pages.retention = async function () {
    await filters(async (p) => {
      const r = await api('GET', reportUrl('/retention', p));
      show('#kpis', el('div', { class: 'kpi-row' },
        kpi(T.crr, rate(r.crr, r.crr_note, r.min_base), 'crr'), kpi(T.churn, rate(r.churn, r.crr_note, r.min_base), 'churn'),
        kpi(T.repeat_rate, fmt.pct(r.repeat_purchase_rate), 'repeat_purchase_rate'), kpi(T.cltv, fmt.reportMoney(r.cltv), 'cltv'),
        kpi(T.customers_at_start, fmt.num(r.customers_at_start), 'customers_at_start'),
        kpi(T.new_customers, fmt.num(r.new_customers), 'new_customers'),
        kpi(T.lost_customers, fmt.num(r.lost_customers), 'lost_customers'),
        kpi(T.customers_at_end, fmt.num(r.customers_at_end), 'customers_at_end')));
      show('#retention-balance', el('div', {},
        el('p', { id: 'retention-equation' }, T.retention_equation
          .replace('{0}', fmt.num(r.customers_at_start)).replace('{1}', fmt.num(r.new_customers))
          .replace('{2}', fmt.num(r.lost_customers)).replace('{3}', fmt.num(r.customers_at_end))),
        el('p', { class: 'muted' }, T.retention_breakdown
          .replace('{0}', fmt.num(r.first_time_customers)).replace('{1}', fmt.num(r.new_customers - r.first_time_customers))
          .replace('{2}', fmt.num(r.passing_customers)).replace('{3}', fmt.num(r.activity_window_days))
          .replace('{4}', fmt.num(r.min_base)))));
      const trend = r.trend || [];
      const months = trend.length > 1 && trend.every((x) => x.period.endsWith('-01'));
      const labels = trend.map((x) => periodLabel(x.period, months));
      chart('retention-chart', 'line', labels, [
        { label: T.crr + ', %', data: trend.map((x) => x.crr) },
        { label: T.churn + ', %', data: trend.map((x) => x.churn) }], { scales: { y: { min: 0, max: 100 } } });
      chart('retention-counts', 'bar', labels, [
        { label: T.new_customers, data: trend.map((x) => x.new_customers) },
        { label: T.lost_customers, data: trend.map((x) => -x.lost_customers) },
        { label: T.customers_at_end, data: trend.map((x) => x.active_customers), type: 'line' }]);
      show('#retention-table', table([
        { label: T.col_period, value: (x) => periodLabel(x.period, months) },
        { label: T.customers_at_start, num: true, value: (x) => fmt.num(x.customers_at_start) },
        { label: T.new_customers, num: true, value: (x) => fmt.num(x.new_customers) },
        { label: T.lost_customers, num: true, value: (x) => fmt.num(x.lost_customers) },
        { label: T.customers_at_end, num: true, value: (x) => fmt.num(x.active_customers) },
        { label: T.crr, num: true, value: (x) => rate(x.crr, x.rate_note, r.min_base) },
        { label: T.churn, num: true, value: (x) => rate(x.churn, x.rate_note, r.min_base) },
      ], trend, { id: 'retention-months' }));
    }, 364);
  };

  const segmentName = (s) => T['seg_' + s] || s;

  pages.segments = async function () {
    await filters(async (p) => {
      const r = await api('GET', reportUrl('/segments', p));
      const segments = r.segments || [];
      chart('segments-chart', 'doughnut', segments.map((s) => segmentName(s.segment)), [{ label: T.col_customers, data: segments.map((s) => s.customers) }]);
      show('#segment-table', table([
        { label: T.col_segment, value: (s) => segmentName(s.segment) },
        { label: T.col_customers, num: true, value: (s) => fmt.num(s.customers) },
        { label: T.col_share, num: true, value: (s) => fmt.share(s.share) },
        { label: T.kpi_sales, num: true, value: (s) => fmt.reportMoney(s.sales) },
        { label: T.kpi_average_receipt, num: true, value: (s) => fmt.reportMoney(s.average_receipt) },
      ], segments));
      show('#top-table', table([
        { label: T.col_phone, value: (c) => el('a', { href: '/console/customers?id=' + c.customer_id, class: 'customer-link' }, c.phone), cls: 'mono' },
        { label: T.col_name, value: (c) => c.name || '—' },
        { label: T.col_segment, value: (c) => segmentName(c.segment) },
        { label: T.col_rfm, num: true, value: (c) => c.r + '·' + c.f + '·' + c.m },
        { label: T.kpi_sales, num: true, value: (c) => fmt.reportMoney(c.sales) },
      ], r.top_customers || [], { id: 'top-customers' }));
    }, 364);
  };

  /** An owner of stores by name; head office comes back from the API without one. */
  const ownerName = (id, name) => (id === null || id === undefined ? T.head_office_store : name);

  pages.settlement = async function () {
    await filters(async (p) => {
      const r = await api('GET', reportUrl('/settlement', p));
      show('#settlement-net', table([
        { label: T.settlement_debtor, value: (x) => ownerName(x.debtor_franchisee_id, x.debtor_name) },
        { label: T.settlement_creditor, value: (x) => ownerName(x.creditor_franchisee_id, x.creditor_name) },
        { label: T.col_points, num: true, value: (x) => fmt.num(x.points) },
        { label: T.col_value, num: true, value: (x) => fmt.reportMoney(x.value_minor) },
        { label: '', value: (x) => T.settlement_owes.replace('{0}', ownerName(x.debtor_franchisee_id, x.debtor_name))
          .replace('{1}', ownerName(x.creditor_franchisee_id, x.creditor_name)).replace('{2}', fmt.reportMoney(x.value_minor)) },
      ], r.net || [], { id: 'settlement-net-table' }));
      show('#settlement-table', table([
        { label: T.col_earned_at, value: (x) => ownerName(x.earned_at_franchisee_id, x.earned_at_name) },
        { label: T.col_redeemed_at, value: (x) => ownerName(x.redeemed_at_franchisee_id, x.redeemed_at_name) },
        { label: T.col_points, num: true, value: (x) => fmt.num(x.points) },
        { label: T.col_value, num: true, value: (x) => fmt.reportMoney(x.value) },
      ], r.rows || [], { id: 'settlement-gross-table' }));
    }, 89);
  };

  pages.exports = async function () {
    const update = (p) => $$('[data-export]').forEach((a) => {
      a.href = reportUrl('/' + a.dataset.export + '.' + a.dataset.format, { from: p.from, to: p.to, store_id: p.store_id, lang: LANG });
      a.setAttribute('download', '');
    });
    const params = await filters(async (p) => update(p), 29);
    $('#filters').addEventListener('filters', (e) => update(e.detail));
    update(params());
  };

  // ---- head office: the programme, every rule in forms ------------------------------------------------------
  // Money is typed and shown in whole units (5000 = 5 000 ₽) and becomes minor units only in the request;
  // each input names its JSON path (data-path), so a problem's errors[].field lands beside its input.
  pages.programme = async function () {
    const form = $('#programme-form');
    const raw = $('#programme-json');
    const status = $('#prog-status');
    const alert = $('.form-error', form);
    const dialog = $('#publish-dialog');
    const fill = (text, values) => Object.entries(values).reduce((t, [k, v]) => t.split('{' + k + '}').join(v), text);
    const UNIT = Math.pow(10, MINOR_DIGITS);
    const money = (minor) => (minor % UNIT === 0 ? MONEY_WHOLE.format(minor / UNIT) : fmt.money(minor));
    const units = (minor) => (minor === null || minor === undefined ? '' : String(minor / UNIT));
    const numOrNull = (v) => (v === null || v === undefined || String(v).trim() === '' ? null : Number(v));
    const minorOrNull = (v) => (String(v).trim() === '' ? null : fmt.toMinor(v));
    const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
    const weekdayName = (d) => new Date(Date.UTC(2024, 0, d)).toLocaleDateString(LOCALE, { weekday: 'short', timeZone: 'UTC' });
    let inForce = null;
    let versions = [];
    let pending = null;

    // ---- one input and the message beside it
    function slot(input) {
      let s = input.parentElement.querySelector(':scope > .field-error');
      if (!s) {
        s = el('span', { class: 'field-error' });
        input.parentElement.append(s);
      }
      s.dataset.field = input.dataset.path;
      return s;
    }

    function mark(input, message) {
      slot(input).textContent = message || '';
      [input, ...(input.localTexts || [])].forEach((x) => x.classList.toggle('invalid', Boolean(message)));
    }

    /** The browser's constraint, said in the interface's language. */
    function complaint(input) {
      const text = (input.localTexts || []).find((x) => !x.validity.valid);
      if (text) return text.validationMessage;
      const v = input.validity;
      if (!v || v.valid) return '';
      const n = (x) => NUMBER.format(Number(x));
      if (v.valueMissing) return T.v_required;
      if (v.badInput) return T.v_number;
      if (v.rangeUnderflow || v.rangeOverflow) return input.max ? fill(T.v_between, { min: n(input.min), max: n(input.max) }) : fill(T.v_at_least, { min: n(input.min) });
      if (v.stepMismatch) return fill(T.v_step, { step: n(input.step) });
      if (v.patternMismatch) return T.v_hours;
      return input.validationMessage;
    }

    const inputs = () => $$('[data-path]', form).filter((i) => !i.disabled && i.matches('input,select'));

    function validateAll() {
      let first = null;
      inputs().forEach((i) => {
        const c = complaint(i);
        mark(i, c);
        if (c && !first) first = i;
      });
      return first;
    }

    /** A problem+json from the API: each error beside the input its JSON path names, the rest in the alert. */
    function showServerProblem(error) {
      const problem = error instanceof ApiError ? error.problem : { detail: String(error) };
      const unplaced = [];
      (problem.errors || []).forEach((fe) => {
        const path = String(fe.field || '').replace(/^programme\./, '');
        const target = $$('[data-path]', form).find((i) => i.dataset.path === path)
          || $$('.field-error', form).find((s) => s.dataset.field === path);
        if (!target) unplaced.push(path + ': ' + fe.message);
        else if (target.classList.contains('field-error')) target.textContent = fe.message;
        else mark(target, fe.message);
      });
      alert.hidden = false;
      alert.replaceChildren(el('strong', {}, problem.title || T.error_generic), ' ', problem.detail || '',
        el('ul', { hidden: unplaced.length === 0 }, unplaced.map((d) => el('li', {}, d))));
    }

    // ---- rows of the rule tables
    const cell = (...children) => el('td', {}, ...children);
    const removeButton = () => el('button', { type: 'button', class: 'link danger-text', onclick: (e) => { e.target.closest('tr').remove(); changed(); } }, T.remove);
    const field = (name, attrs, value) => el('input', Object.assign({ 'data-name': name, value: value === null || value === undefined ? '' : value }, attrs));
    const box = (name, checked) => el('input', { type: 'checkbox', 'data-name': name, checked: checked ? true : null });

    function tierRow(t) {
      return el('tr', {},
        cell(field('code', { type: 'text', required: true, maxlength: 32, pattern: '[a-z0-9_\\-]{1,32}' }, t.code)),
        cell(field('name', { type: 'text', required: true, maxlength: 64 }, t.name)),
        cell(field('min_spend_minor', { type: 'number', required: true, min: 0, step: '0.01', 'data-money': true }, units(t.min_spend_minor))),
        cell(field('rate_pct', { type: 'number', required: true, min: 0, max: 100, step: '0.01' }, t.rate_pct)),
        cell(removeButton()));
    }

    function categoryRow(c) {
      return el('tr', {},
        cell(field('category', { type: 'text', required: true, maxlength: 128, list: 'chain-categories' }, c.category)),
        cell(box('earn', c.earn !== false)), cell(box('redeem', c.redeem !== false)),
        cell(field('min_line_price_pct', { type: 'number', min: 0, max: 100, step: 1 }, c.min_line_price_pct)),
        cell(removeButton()));
    }

    // a multiplier's from/to are local date-times of each store: the date part is what the form shows; "to" is
    // exclusive on the wire and inclusive on the screen
    const localDay = (iso) => (iso ? iso.substring(0, 10) : '');
    const dayAfter = (day, n) => { const d = new Date(day + 'T12:00:00Z'); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().substring(0, 10); };
    const untilDay = (iso) => (iso ? (iso.substring(11, 19) === '00:00:00' ? dayAfter(iso.substring(0, 10), -1) : iso.substring(0, 10)) : '');

    function multiplierRow(m) {
      const row = multiplierCells(m);
      localDateInputs(row); // here, not later: a restored version's dates are set right after the rows are built
      return row;
    }

    function multiplierCells(m) {
      const days = el('span', { class: 'weekdays', 'data-name': 'weekdays' }, WEEKDAYS.map((d) => el('label', { class: 'check' },
        el('input', { type: 'checkbox', value: d, checked: (m.weekdays || []).includes(d) ? true : null }), weekdayName(d))));
      return el('tr', {},
        cell(field('category', { type: 'text', maxlength: 128, list: 'chain-categories', placeholder: T.mult_everything }, m.category)),
        cell(field('factor', { type: 'number', required: true, min: 0.1, max: 10, step: 0.1 }, m.factor)),
        cell(field('from', { type: 'date' }, localDay(m.from))), cell(field('to', { type: 'date' }, untilDay(m.to))),
        cell(days),
        cell(field('hours', { type: 'text', pattern: '\\d{2}:\\d{2}-\\d{2}:\\d{2}', placeholder: '10:00-14:00' }, m.hours)),
        cell(field('stores', { type: 'text', placeholder: T.mult_all_stores }, (m.stores || []).join(', '))),
        cell(removeButton()));
    }

    const ROWS = { tiers: tierRow, categories: categoryRow, multipliers: multiplierRow };

    /** Row inputs carry their JSON path (tiers[2].rate_pct); removing a row renumbers the rest. */
    function renumber() {
      Object.keys(ROWS).forEach((list) => $$('#' + list + ' tbody tr', form).forEach((tr, i) =>
        $$('[data-name]', tr).forEach((input) => { input.dataset.path = list + '[' + i + '].' + input.dataset.name; slot(input); })));
    }

    const rowValue = (tr, name) => $('[data-name="' + name + '"]', tr);

    // ---- the document <-> the form
    function toForm(doc) {
      ['earn_mode', 'earn_on', 'max_redeem_share_pct', 'min_line_price_pct', 'accrual_delay_days', 'expiry_days', 'hold_ttl_minutes', 'welcome_points']
        .forEach((f) => ($('#p-' + f).value = doc[f] === null || doc[f] === undefined ? '' : doc[f]));
      $('#p-point_value_minor').value = units(doc.point_value_minor);
      $('#p-promo_stacking').checked = doc.promo_stacking !== false;
      Object.entries(ROWS).forEach(([list, row]) => $('#' + list + ' tbody').replaceChildren(...(doc[list] || []).map(row)));
      const b = doc.birthday || {};
      $('#p-birthday-on').checked = Boolean(doc.birthday);
      ['points', 'multiplier', 'window_days'].forEach((f) => ($('#p-birthday-' + f).value = b[f] === null || b[f] === undefined ? '' : b[f]));
      const r = doc.referral || {};
      $('#p-referral-on').checked = Boolean(doc.referral);
      ['friend_points', 'referrer_points', 'monthly_cap'].forEach((f) => ($('#p-referral-' + f).value = r[f] === null || r[f] === undefined ? '' : r[f]));
      $('#p-referral-min_receipt_minor').value = units(r.min_receipt_minor);
      inputs().forEach((i) => mark(i, ''));
      changed();
    }

    function toDocument() {
      const v = (id) => $('#p-' + id).value;
      const doc = {
        point_value_minor: minorOrNull(v('point_value_minor')), earn_mode: v('earn_mode'), earn_on: v('earn_on'),
        max_redeem_share_pct: numOrNull(v('max_redeem_share_pct')), min_line_price_pct: numOrNull(v('min_line_price_pct')),
        accrual_delay_days: numOrNull(v('accrual_delay_days')), expiry_days: numOrNull(v('expiry_days')),
        hold_ttl_minutes: numOrNull(v('hold_ttl_minutes')), welcome_points: numOrNull(v('welcome_points')) || 0,
        promo_stacking: $('#p-promo_stacking').checked,
      };
      doc.tiers = $$('#tiers tbody tr').map((tr) => ({
        code: rowValue(tr, 'code').value.trim(), name: rowValue(tr, 'name').value.trim(),
        min_spend_minor: minorOrNull(rowValue(tr, 'min_spend_minor').value), rate_pct: numOrNull(rowValue(tr, 'rate_pct').value),
      }));
      doc.categories = $$('#categories tbody tr').map((tr) => ({
        category: rowValue(tr, 'category').value.trim(), earn: rowValue(tr, 'earn').checked, redeem: rowValue(tr, 'redeem').checked,
        min_line_price_pct: numOrNull(rowValue(tr, 'min_line_price_pct').value),
      }));
      doc.multipliers = $$('#multipliers tbody tr').map((tr) => {
        const from = rowValue(tr, 'from').value;
        const to = rowValue(tr, 'to').value;
        const days = $$('input:checked', rowValue(tr, 'weekdays')).map((c) => Number(c.value));
        const stores = rowValue(tr, 'stores').value.split(',').map((s) => s.trim()).filter(Boolean);
        return {
          category: rowValue(tr, 'category').value.trim() || null, factor: numOrNull(rowValue(tr, 'factor').value),
          from: from ? from + 'T00:00:00Z' : null, to: to ? dayAfter(to, 1) + 'T00:00:00Z' : null,
          weekdays: days.length ? days : null, hours: rowValue(tr, 'hours').value.trim() || null, stores: stores.length ? stores : null,
        };
      });
      doc.birthday = $('#p-birthday-on').checked ? {
        points: numOrNull(v('birthday-points')), multiplier: numOrNull(v('birthday-multiplier')), window_days: numOrNull(v('birthday-window_days')),
      } : null;
      doc.referral = $('#p-referral-on').checked ? {
        friend_points: numOrNull(v('referral-friend_points')), referrer_points: numOrNull(v('referral-referrer_points')),
        min_receipt_minor: minorOrNull(v('referral-min_receipt_minor')), monthly_cap: numOrNull(v('referral-monthly_cap')),
      } : null;
      return doc;
    }

    // ---- the draft against the version in force, rule by rule
    const pct = (p) => NUMBER.format(p) + ' %';
    // each setting: the label of its input and how its value reads
    const SCALAR_TEXT = {
      earn_mode: ['prog_mode', (x) => T['mode_' + x] || x], earn_on: ['prog_earn_on', (x) => T['earn_on_' + x] || x],
      point_value_minor: ['prog_point_value', money], max_redeem_share_pct: ['prog_max_redeem', pct],
      min_line_price_pct: ['prog_min_line_price', pct], accrual_delay_days: ['prog_accrual_delay', fmt.num],
      expiry_days: ['prog_expiry_days', fmt.num], hold_ttl_minutes: ['prog_hold_ttl', fmt.num], welcome_points: ['prog_welcome', fmt.num],
      promo_stacking: ['prog_promo_stacking', (x) => (x === false ? T.no : T.yes)],
    };

    const onDay = (day) => (day ? fmt.date(day + 'T12:00:00') : '…'); // noon: the same day in every time zone

    function multiplierText(m) {
      return ['×' + NUMBER.format(m.factor), m.category || T.mult_everything,
        m.from || m.to ? onDay(localDay(m.from)) + ' – ' + onDay(untilDay(m.to)) : null,
        m.weekdays && m.weekdays.length ? m.weekdays.map(weekdayName).join(', ') : null, m.hours, m.stores && m.stores.length ? m.stores.join(', ') : null]
        .filter(Boolean).join(' · ');
    }

    /** The document as rules keyed by what they are about, each with a label and its value as text. */
    function rules(doc) {
      const out = new Map();
      Object.entries(SCALAR_TEXT).forEach(([k, [label, f]]) => out.set(k, [T[label], doc[k] === null || doc[k] === undefined ? '—' : f(doc[k])]));
      (doc.tiers || []).forEach((t) => out.set('tier:' + t.code, [T.tier + ' ' + t.code,
        t.name + ' · ' + T.from_spend + ' ' + money(t.min_spend_minor || 0) + ' · ' + pct(t.rate_pct)]));
      (doc.categories || []).forEach((c) => out.set('category:' + String(c.category).toLowerCase(), [T.cat_category + ' ' + c.category,
        [c.earn === false ? T.cat_no_earn : null, c.redeem === false ? T.cat_no_redeem : null,
          c.min_line_price_pct !== null && c.min_line_price_pct !== undefined ? T.cat_min_line_price + ' ' + pct(c.min_line_price_pct) : null]
          .filter(Boolean).join(' · ') || T.cat_no_rule]));
      (doc.multipliers || []).forEach((m, i) => out.set('multiplier:' + i, [T.mult + ' ' + (i + 1), multiplierText(m)]));
      const b = doc.birthday;
      out.set('birthday', [T.prog_birthday, b ? [b.points ? fmt.num(b.points) + ' ' + T.bd_points_short : null,
        b.multiplier ? '×' + NUMBER.format(b.multiplier) : null, '± ' + fmt.num(b.window_days || 0) + ' ' + T.days_short].filter(Boolean).join(' · ') : T.off]);
      const r = doc.referral;
      out.set('referral', [T.prog_referral, r ? [T.ref_friend + ' ' + fmt.num(r.friend_points || 0), T.ref_referrer + ' ' + fmt.num(r.referrer_points || 0),
        T.ref_min_receipt_short + ' ' + money(r.min_receipt_minor || 0), T.ref_monthly_cap + ' ' + (r.monthly_cap === null || r.monthly_cap === undefined ? '∞' : fmt.num(r.monthly_cap))].join(' · ') : T.off]);
      return out;
    }

    function diff(before, after) {
      const a = rules(before);
      const b = rules(after);
      const keys = [...new Set([...b.keys(), ...a.keys()])]; // in the draft's order, removed rules last
      const rows = keys.map((k) => ({ label: (b.get(k) || a.get(k))[0], before: a.has(k) ? a.get(k)[1] : '—', after: b.has(k) ? b.get(k)[1] : '—' }))
        .filter((r) => r.before !== r.after);
      if (rows.length === 0) return el('p', { class: 'empty', 'data-diff': 'none' }, T.prog_no_changes);
      return table([{ label: T.prog_rule, value: (r) => r.label }, { label: T.prog_in_force + ' (' + T.prog_version + ' ' + inForce.version + ')', value: (r) => r.before },
        { label: T.col_draft, value: (r) => el('strong', {}, r.after) }], rows, { class: 'table diff' });
    }

    /** Birthday and referral are either off (null in the document) or set: their inputs follow the switch. */
    function switches() {
      ['birthday', 'referral'].forEach((rule) => $$('[data-path^="' + rule + '."]', form).forEach((i) => {
        i.disabled = !$('#p-' + rule + '-on').checked;
        if (i.disabled) mark(i, '');
      }));
    }

    function changed() {
      switches();
      renumber();
      const doc = toDocument();
      raw.value = JSON.stringify(doc, null, 2);
      if (inForce) show('#diff', diff(inForce, doc));
      $$('.money-hint', form).forEach((h) => h.remove());
      $$('[data-money]', form).forEach((i) => {
        if (i.value !== '' && i.validity.valid) i.parentElement.append(el('span', { class: 'money-hint muted' }, money(fmt.toMinor(i.value))));
      });
    }

    // validated where typed: the browser's constraint at once; the server's message goes when the field changes
    form.addEventListener('input', (e) => {
      if (e.target.matches('[data-path]')) mark(e.target, complaint(e.target));
      if (e.target.closest('[data-name=weekdays]')) mark(e.target.closest('[data-name=weekdays]'), '');
      const rowsErr = e.target.closest('fieldset') && $('[data-field=tiers]', e.target.closest('fieldset'));
      if (rowsErr) rowsErr.textContent = '';
      if (!$$('.invalid', form).length) alert.hidden = true;
      changed();
    });
    form.addEventListener('change', changed);
    $('#add-tier').addEventListener('click', () => { $('#tiers tbody').append(tierRow({})); changed(); });
    $('#add-category').addEventListener('click', () => { $('#categories tbody').append(categoryRow({})); changed(); });
    $('#add-multiplier').addEventListener('click', () => { $('#multipliers tbody').append(multiplierRow({ factor: 2 })); changed(); });

    // ---- publishing: a confirmation that says what changes and from when
    function confirmPublish(doc, title) {
      pending = doc;
      $('#publish-dialog-title').textContent = title;
      $('#publish-from').value = '';
      const wrong = () => ($('#publish-from').localTexts || []).find((x) => !x.validity.valid);
      const when = () => (wrong() ? wrong().validationMessage : $('#publish-from').value
        ? fill(T.prog_from_when, { when: fmt.dateTime(new Date($('#publish-from').value).toISOString()) }) : T.prog_from_now);
      $('#publish-dialog-when').textContent = when();
      $('#publish-from').oninput = () => ($('#publish-dialog-when').textContent = when());
      show('#publish-dialog-diff', diff(inForce, doc));
      dialog.showModal();
    }

    const nextVersion = () => Math.max(inForce.version, ...versions.map((v) => v.version)) + 1;

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      status.hidden = true;
      const wrong = validateAll();
      if (wrong) {
        alert.hidden = false;
        alert.replaceChildren(el('strong', {}, T.v_fix));
        (wrong.localTexts ? wrong.localTexts.find((x) => !x.validity.valid) : wrong).focus();
        return;
      }
      alert.hidden = true;
      confirmPublish(toDocument(), fill(T.prog_confirm, { version: nextVersion() }));
    });

    $('#publish-cancel').addEventListener('click', () => dialog.close());
    $('#publish-confirm').addEventListener('click', async () => {
      if (wrongDateText(dialog)) return; // a wrong date would otherwise publish at once
      const button = $('#publish-confirm');
      button.disabled = true;
      const doc = Object.assign({}, pending);
      if ($('#publish-from').value) doc.effective_from = new Date($('#publish-from').value).toISOString();
      try {
        const stored = await api('PUT', ADMIN + '/program', doc);
        dialog.close();
        await load();
        status.className = 'alert success';
        status.hidden = false;
        status.textContent = T.published + ' ' + stored.version;
      } catch (e) {
        dialog.close();
        showServerProblem(e);
      } finally {
        button.disabled = false;
      }
    });

    // ---- version history; going back publishes an old document as a new version
    function renderVersions() {
      show('#versions', table([
        { label: T.prog_version, num: true, value: (v) => String(v.version) },
        { label: T.prog_effective_from, value: (v) => fmt.dateTime(v.effective_from) },
        { label: T.prog_author, value: (v) => v.created_by_email || '—' },
        { label: T.col_created, value: (v) => fmt.dateTime(v.created_at) },
        { label: T.col_status, value: (v) => (v.active ? el('span', { class: 'badge ok' }, T.prog_in_force)
          : new Date(v.effective_from) > new Date() ? el('span', { class: 'badge' }, T.prog_scheduled) : '') },
        { label: '', num: true, value: (v) => (v.active ? '' : el('button', { type: 'button', class: 'secondary small', 'data-restore': v.version, onclick: () => {
          const doc = Object.assign({}, v.program);
          delete doc.version;
          delete doc.effective_from;
          toForm(doc);
          confirmPublish(toDocument(), fill(T.prog_restore_confirm, { old: v.version, version: nextVersion() }));
        } }, T.prog_restore)) },
      ], versions, { id: 'programme-versions' }));
    }

    async function load() {
      const [active, list] = await Promise.all([api('GET', ADMIN + '/program'), api('GET', ADMIN + '/program/versions')]);
      inForce = active;
      versions = list;
      $('#prog-version').textContent = T.prog_version + ' ' + active.version;
      toForm(active);
      renderVersions();
    }

    const seen = await api('GET', ADMIN + '/program/categories').catch(() => []);
    $('#chain-categories').replaceChildren(...seen.map((c) => el('option', { value: c.category }, fmt.num(c.lines) + ' ' + T.cat_lines)));
    await load();

    // ---- what-if: the period replayed under the draft, next to what happened
    $('#w-from').value = daysAgo(30);
    $('#w-to').value = daysAgo(1);
    $('#whatif-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      $('#whatif-error').hidden = true;
      const button = $('#whatif-run');
      button.disabled = true;
      try {
        const r = await api('POST', ADMIN + '/program/simulate', { programme: toDocument(), from: $('#w-from').value, to: $('#w-to').value });
        const f = r.total;
        const change = (a, b) => (a === 0 ? (b === 0 ? '0 %' : '—') : (b >= a ? '+' : '') + NUMBER.format(Math.round((b - a) * 1000 / a) / 10) + ' %');
        const rows = [
          [T.w_earned, fmt.num(f.actual_points_earned), fmt.num(f.simulated_points_earned), change(f.actual_points_earned, f.simulated_points_earned)],
          [T.w_redeemed, fmt.num(f.actual_points_redeemed), fmt.num(f.simulated_points_redeemed), change(f.actual_points_redeemed, f.simulated_points_redeemed)],
          [T.w_discount, fmt.money(f.actual_discount_minor), fmt.money(f.simulated_discount_minor), change(f.actual_discount_minor, f.simulated_discount_minor)],
        ];
        const groups = (label, list) => table([{ label, value: (g) => g.key }, { label: T.w_receipts, num: true, value: (g) => fmt.num(g.figures.receipts) },
          { label: T.w_earned + ' · ' + T.col_actual, num: true, value: (g) => fmt.num(g.figures.actual_points_earned) },
          { label: T.w_earned + ' · ' + T.col_draft, num: true, value: (g) => fmt.num(g.figures.simulated_points_earned) }], list || []);
        show('#whatif-result', el('div', {},
          el('div', { class: 'kpi-row' }, kpi(T.w_receipts, fmt.num(f.receipts), 'w_receipts'), kpi(T.w_capped, fmt.num(r.capped_redemptions), 'w_capped'),
            kpi(T.w_earned_change, change(f.actual_points_earned, f.simulated_points_earned), 'w_earned_change')),
          table([{ label: '', value: (x) => x[0] }, { label: T.col_actual, num: true, value: (x) => x[1] }, { label: T.col_draft, num: true, value: (x) => x[2] },
            { label: T.w_change, num: true, value: (x) => x[3] }], rows, { id: 'whatif-table' }),
          groups(T.tier, r.by_tier), groups(T.store, r.by_store)));
        $('#whatif-chart-box').hidden = false;
        chart('whatif-chart', 'bar', [T.w_earned, T.w_redeemed], [
          { label: T.col_actual, data: [f.actual_points_earned, f.actual_points_redeemed] },
          { label: T.col_draft, data: [f.simulated_points_earned, f.simulated_points_redeemed] }]);
      } catch (err) {
        showError($('#whatif-error'), err);
        if (err instanceof ApiError && err.problem.errors) showServerProblem(err);
      } finally {
        button.disabled = false;
      }
    });
  };

  // ---- head office: stores, franchisees, terminals ---------------------------------------------------------
  pages.stores = async function () {
    let franchisees = [];
    let current = null;

    async function refresh() {
      const [fr, stores] = await Promise.all([api('GET', ADMIN + '/franchisees'), api('GET', ADMIN + '/stores')]);
      franchisees = fr;
      const names = new Map(fr.map((f) => [f.id, f.name]));
      show('#franchisee-table', table([
        { label: T.col_name, value: (f) => f.name },
        { label: T.stores, num: true, value: (f) => fmt.num(stores.filter((s) => s.franchisee_id === f.id).length) },
        { label: T.col_created, num: true, value: (f) => fmt.date(f.created_at) },
      ], fr, { id: 'franchisees' }));
      const select = $('#st-franchisee');
      select.replaceChildren(el('option', { value: '' }, T.head_office_store), ...fr.map((f) => el('option', { value: f.id }, f.name)));
      show('#store-table', table([
        { label: T.col_code, value: (s) => s.code, cls: 'mono' },
        { label: T.col_name, value: (s) => s.name },
        { label: T.col_timezone, value: (s) => s.timezone },
        { label: T.col_franchisee, value: (s) => (s.franchisee_id ? names.get(s.franchisee_id) : T.head_office_store) },
        { label: '', num: true, value: (s) => el('button', { type: 'button', class: 'secondary small', 'data-terminals': s.id, onclick: () => terminals(s) }, T.terminals) },
      ], stores, { id: 'stores' }));
    }

    async function terminals(store) {
      current = store;
      $('#terminals').hidden = false;
      $('#terminal-store').textContent = store.code + ' · ' + store.name;
      const list = await api('GET', ADMIN + '/stores/' + store.id + '/terminals');
      show('#terminal-table', table([
        { label: T.col_name, value: (x) => x.name },
        { label: T.key_prefix, value: (x) => x.key_prefix + '…', cls: 'mono' },
        { label: T.col_created, value: (x) => fmt.dateTime(x.created_at) },
        { label: T.col_status, value: (x) => el('span', { class: 'badge ' + (x.revoked_at ? 'muted-badge' : 'ok') }, x.revoked_at ? T.revoked : T.active) },
        { label: '', num: true, value: (x) => (x.revoked_at ? '' : el('button', { type: 'button', class: 'danger small', 'data-revoke': x.id, onclick: () => revoke(x) }, T.revoke)) },
      ], list, { id: 'terminal-list' }));
    }

    async function revoke(terminal) {
      if (!window.confirm(T.confirm_revoke)) return;
      await api('DELETE', ADMIN + '/terminals/' + terminal.id);
      $('#new-key').hidden = true;
      await terminals(current);
    }

    onSubmit($('#franchisee-form'), async (data) => {
      await api('POST', ADMIN + '/franchisees', { name: data.get('name') });
      $('#franchisee-form').reset();
      await refresh();
    });
    onSubmit($('#store-form'), async (data) => {
      const payload = { code: data.get('code'), name: data.get('name'), timezone: data.get('timezone') };
      if (data.get('franchisee_id')) payload.franchisee_id = Number(data.get('franchisee_id'));
      await api('POST', ADMIN + '/stores', payload);
      $('#store-form').reset();
      await refresh();
    });
    onSubmit($('#terminal-form'), async (data) => {
      const created = await api('POST', ADMIN + '/stores/' + current.id + '/terminals', { name: data.get('name') });
      $('#terminal-form').reset();
      await terminals(current);
      $('#new-key').hidden = false;
      $('#new-key-value').textContent = created.key;
    });
    await refresh();
  };

  // ---- head office: promo codes ----------------------------------------------------------------------------
  pages['promo-codes'] = async function () {
    const kinds = { percent: T.promo_kind_percent, fixed: T.promo_kind_fixed, points: T.promo_kind_points };
    const value = (p) => (p.kind === 'percent' ? fmt.num(p.percent) + ' %' : p.kind === 'fixed' ? fmt.money(p.amount_minor) : fmt.num(p.points));
    async function refresh() {
      const list = await api('GET', ADMIN + '/promo-codes');
      show('#promo-table', table([
        { label: T.promo_code, value: (p) => p.code, cls: 'mono' },
        { label: T.promo_kind, value: (p) => kinds[p.kind] || p.kind },
        { label: T.promo_value, num: true, value },
        { label: T.promo_valid_to, num: true, value: (p) => fmt.date(p.valid_to) },
        { label: T.promo_uses, num: true, value: (p) => fmt.num(p.uses) + (p.total_limit ? ' / ' + fmt.num(p.total_limit) : '') },
        { label: T.col_status, value: (p) => el('span', { class: 'badge ' + (p.active ? 'ok' : 'muted-badge') }, p.active ? T.active : T.disabled) },
        { label: '', num: true, value: (p) => (p.active ? el('button', { type: 'button', class: 'danger small', 'data-disable': p.code, onclick: async () => { await api('DELETE', ADMIN + '/promo-codes/' + p.id); await refresh(); } }, T.disable) : '') },
      ], list, { id: 'promo-codes' }));
    }
    onSubmit($('#promo-form'), async (data) => {
      const kind = data.get('kind');
      const v = data.get('value');
      const payload = { code: data.get('code'), kind, total_limit: intOrNull(data.get('total_limit')), per_customer_limit: intOrNull(data.get('per_customer_limit')) };
      if (kind === 'percent') payload.percent = v === '' ? null : Number(v);
      if (kind === 'fixed') payload.amount_minor = v === '' ? null : fmt.toMinor(v);
      if (kind === 'points') payload.points = intOrNull(v);
      if (data.get('valid_to')) payload.valid_to = new Date(data.get('valid_to') + 'T23:59:59').toISOString();
      await api('POST', ADMIN + '/promo-codes', payload);
      $('#promo-form').reset();
      await refresh();
    });
    await refresh();
  };

  // ---- head office: campaigns ------------------------------------------------------------------------------
  pages.campaigns = async function () {
    let current = null;
    const statusName = (status) => T['cs_' + status] || status;
    const error = $('#campaign-error');

    async function refresh() {
      const list = await api('GET', ADMIN + '/campaigns');
      show('#campaign-table', table([
        { label: T.camp_name, value: (c) => c.name },
        { label: T.promo_kind, value: (c) => T['ck_' + c.kind] || c.kind },
        { label: T.camp_status, value: (c) => el('span', { class: 'badge status-' + c.status }, statusName(c.status)) },
        { label: T.camp_send_at, num: true, value: (c) => fmt.dateTime(c.send_at) },
        { label: T.col_created, num: true, value: (c) => fmt.dateTime(c.created_at) },
        { label: '', num: true, value: (c) => el('button', { type: 'button', class: 'secondary small', 'data-open': c.id, onclick: () => open(c) }, T.open) },
      ], list, { id: 'campaigns' }));
    }

    function open(c) {
      current = c;
      $('#campaign-detail').hidden = false;
      $('#campaign-title').textContent = c.name + ' · ' + statusName(c.status);
      $('#campaign-holdout').textContent = T.camp_holdout + ': ' + fmt.num(c.holdout_percent) + ' % · ' + T.st_held_out + ': '
        + fmt.num(c.held_out);
      $('#campaign-figures').replaceChildren();
      $('#uplift').hidden = true;
      $('#uplift-form').reset();
      clearErrors($('#uplift-form'));
      error.hidden = true;
    }

    async function act(action) {
      error.hidden = true;
      try {
        await action();
      } catch (e) {
        showError(error, e);
      }
    }

    $('#campaign-preview').addEventListener('click', () => act(async () => {
      const p = await api('POST', ADMIN + '/campaigns/' + current.id + '/preview');
      const money = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: p.currency || body.dataset.currency });
      show('#campaign-figures', el('div', {},
        el('div', { class: 'kpi-row', id: 'preview' }, kpi(T.audience_size, fmt.num(p.audience), 'audience'),
          kpi(T.st_held_out, fmt.num(p.held_out), 'held_out'), kpi(T.sms_parts, fmt.num(p.sms_parts), 'sms_parts'),
          kpi(T.cost, money.format(p.cost_minor / Math.pow(10, money.resolvedOptions().maximumFractionDigits)), 'cost')),
        p.sample ? el('p', {}, el('strong', {}, T.sample + ': '), el('span', { class: 'sample' }, p.sample)) : null));
    }));
    $('#campaign-launch').addEventListener('click', () => act(async () => {
      open(await api('POST', ADMIN + '/campaigns/' + current.id + '/launch'));
      await refresh();
    }));
    $('#campaign-cancel').addEventListener('click', () => act(async () => {
      open(await api('POST', ADMIN + '/campaigns/' + current.id + '/cancel'));
      await refresh();
    }));
    async function showStats() {
      const s = await api('GET', ADMIN + '/campaigns/' + current.id + '/stats');
      // unknown: the gateway may or may not have taken them (the job died or timed out there); only head office resends
      const resend = s.unknown > 0 ? el('button', { type: 'button', class: 'secondary', id: 'campaign-resend-unknown' },
        T.resend_unknown + ' (' + fmt.num(s.unknown) + ')') : null;
      if (resend) {
        resend.addEventListener('click', () => act(async () => {
          await api('POST', ADMIN + '/campaigns/' + current.id + '/messages/resend-unknown');
          await showStats();
        }));
      }
      show('#campaign-figures', el('div', {}, el('div', { class: 'kpi-row' },
        kpi(T.audience_size, fmt.num(s.audience)), kpi(T.st_queued, fmt.num(s.queued)), kpi(T.st_sent, fmt.num(s.sent)),
        kpi(T.st_delivered, fmt.num(s.delivered)), kpi(T.st_failed, fmt.num(s.failed)), kpi(T.st_unknown, fmt.num(s.unknown), 'unknown'),
        kpi(T.st_skipped, fmt.num(s.skipped)), kpi(T.st_held_out, fmt.num(s.held_out), 'held_out'), kpi(T.st_opted_out, fmt.num(s.opted_out)),
        kpi(T.st_returned, fmt.num(s.returned_within_14_days)), kpi(T.cost, fmt.money(s.cost_minor))), resend));
    }
    $('#campaign-stats').addEventListener('click', () => act(showStats));

    // what the campaign brought back: the messaged against the held out, the return curve, the verdict in words
    const say = (text, values) => Object.entries(values).reduce((t, [k, v]) => t.split('{' + k + '}').join(v), text);
    function upliftVerdict(u) {
      if (!u.control.customers || !u.treated.customers) return T.uplift_verdict_none;
      const rate = u.difference.return_rate;
      const values = {
        n: fmt.num(Math.abs(u.incremental_customers)),
        m: fmt.num(Math.round((u.incremental_customers_ci_high - u.incremental_customers_ci_low) / 2)),
        days: fmt.num(u.days), treated: fmt.share(u.treated.return_rate), control: fmt.share(u.control.return_rate),
        revenue: fmt.reportMoney(u.incremental_revenue_minor), cost: fmt.reportMoney(u.cost_minor),
      };
      if (u.significant) return say(rate.estimate > 0 ? T.uplift_verdict_up : T.uplift_verdict_down, values);
      let text = say(T.uplift_verdict_wait, values);
      if (u.more_days_needed !== null && u.more_days_needed !== undefined) {
        text += say(T.uplift_verdict_more_days, { k: fmt.num(u.more_customers_needed), d: fmt.num(u.more_days_needed) });
      } else if (u.more_customers_needed !== null && u.more_customers_needed !== undefined) {
        text += say(T.uplift_verdict_more, { k: fmt.num(u.more_customers_needed) });
      }
      return text;
    }
    async function showUplift(days) {
      const u = await api('GET', REPORTS + '/campaigns/' + current.id + '/uplift?days=' + encodeURIComponent(days));
      $('#uplift').hidden = false;
      $('#uplift-verdict').textContent = upliftVerdict(u);
      $('#uplift-verdict').dataset.significant = String(u.significant);
      $('#uplift-as-of').textContent = say(T.uplift_as_of, { time: fmt.dateTime(u.as_of) });
      const rows = [
        { label: T.uplift_customers, key: 'customers', value: (g) => fmt.num(g.customers) },
        { label: T.uplift_returned, key: 'returned', value: (g) => fmt.num(g.returned) },
        { label: T.uplift_return_rate, key: 'return_rate', value: (g) => fmt.share(g.return_rate) },
        { label: T.uplift_receipts, key: 'receipts', value: (g) => fmt.num(g.receipts) },
        { label: T.uplift_revenue, key: 'revenue', value: (g) => fmt.money(g.revenue_minor_per_customer) },
        { label: T.uplift_points, key: 'points', value: (g) => fmt.num(g.points_redeemed_per_customer) },
      ];
      show('#uplift-groups', table([
        { label: '', value: (r) => r.label },
        { label: T.uplift_treated, num: true, value: (r) => el('span', { 'data-group': 'treated', 'data-row': r.key }, r.value(u.treated)) },
        { label: T.uplift_control, num: true, value: (r) => el('span', { 'data-group': 'control', 'data-row': r.key }, r.value(u.control)) },
      ], rows, { id: 'uplift-table' }));
      chart('uplift-curve', 'line', u.curve.map((p) => String(p.day)), [
        { label: T.uplift_treated, data: u.curve.map((p) => Math.round(p.treated * 1000) / 10) },
        { label: T.uplift_control, data: u.curve.map((p) => Math.round(p.control * 1000) / 10) },
      ], { scales: { y: { beginAtZero: true, ticks: { callback: (v) => NUMBER.format(v) + ' %' } },
        x: { title: { display: true, text: T.uplift_day } } } });
      const signed = (n) => (n === null || n === undefined ? '—' : fmt.num(n));
      show('#uplift-kpis', el('div', { class: 'kpi-row' },
        kpi(T.uplift_incremental_customers, signed(u.incremental_customers), 'incremental_customers'),
        kpi(T.uplift_incremental_revenue, fmt.reportMoney(u.incremental_revenue_minor), 'incremental_revenue'),
        kpi(T.cost, fmt.reportMoney(u.cost_minor), 'cost'),
        kpi(T.uplift_return_on_cost, u.return_on_cost === null ? '—' : fmt.num(u.return_on_cost), 'return_on_cost')));
      show('#uplift-weeks', u.weeks.length === 0 ? el('span') : table([
        { label: T.uplift_week, value: (w) => fmt.date(w.week) },
        { label: T.uplift_treated, num: true, value: (w) => fmt.num(w.treated.customers) + ' · ' + fmt.share(w.treated.return_rate) },
        { label: T.uplift_control, num: true, value: (w) => fmt.num(w.control.customers) + ' · ' + fmt.share(w.control.return_rate) },
        { label: T.uplift_incremental_customers, num: true, value: (w) => signed(w.incremental_customers) },
        { label: T.uplift_significant, value: (w) => (w.significant ? '✓' : '—') },
      ], u.weeks, { id: 'uplift-weeks-table' }));
    }
    $('#campaign-uplift').addEventListener('click', () => act(() => showUplift($('#uplift-days').value || 30)));
    onSubmit($('#uplift-form'), async (data) => showUplift(data.get('days')));

    onSubmit($('#campaign-form'), async (data) => {
      const templates = {};
      ['ru', 'en', 'uk', 'bg'].forEach((l) => { if (data.get('tpl_' + l).trim()) templates[l] = data.get('tpl_' + l); });
      const segments = data.getAll('segments');
      const tiers = (data.get('tiers') || '').split(',').map((s) => s.trim()).filter(Boolean);
      const audience = {
        segments: segments.length ? segments : null, tiers: tiers.length ? tiers : null,
        inactive_days: intOrNull(data.get('inactive_days')), expiring_within_days: intOrNull(data.get('expiring_within_days')),
        birthday_month: intOrNull(data.get('birthday_month')),
      };
      const payload = { name: data.get('name'), templates, audience, holdout_percent: intOrNull(data.get('holdout_percent')) };
      if (data.get('send_at')) payload.send_at = new Date(data.get('send_at')).toISOString();
      const created = await api('POST', ADMIN + '/campaigns', payload);
      $('#campaign-form').reset();
      await refresh();
      open(created);
    });
    await refresh();
  };

  // ---- customers: head office acts, a franchisee reads (its stores' receipts and ledger lines, masked phone) ----
  pages.customers = async function () {
    const headOffice = body.dataset.headOffice === 'true';
    const read = headOffice ? ADMIN : REPORTS;
    const say = (text, values) => Object.entries(values).reduce((t, [k, v]) => t.split('{' + k + '}').join(v), text);
    let customer = null;

    // the admin view names the customer "id" and its enrolment "created_at", the report view "customer_id" and "enrolled_at"
    const idOf = (c) => (c.id !== undefined ? c.id : c.customer_id);

    async function render(c) {
      customer = c;
      const id = idOf(c);
      $('#customer').hidden = false;
      $('#customer-name').textContent = c.name || c.phone || ('#' + id);
      show('#customer-kpis', el('div', { class: 'kpi-row' },
        kpi(T.balance_available, fmt.num(c.balance.available), 'available'), kpi(T.balance_pending, fmt.num(c.balance.pending), 'pending'),
        kpi(T.balance_held, fmt.num(c.balance.held), 'held'), kpi(T.tier, c.tier || '—', 'tier')));
      const facts = [['ID', String(id)], [T.cust_phone, c.phone || '—'], [T.cust_card, c.card || '—']];
      if (headOffice) facts.push([T.cust_birth_date, c.birth_date || '—'], [T.language, c.language || '—']);
      facts.push([T.cust_home_store, c.home_store || '—'], [T.cust_sms_consent, c.sms_consent ? T.yes : T.no],
        [T.col_created, fmt.date(c.created_at || c.enrolled_at)]);
      $('#customer-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-fact': k }, v)]));
      const closed = Boolean(c.erased_at || c.merged_into);
      const status = $('#customer-status');
      status.hidden = !closed && headOffice;
      status.textContent = c.erased_at ? say(T.cust_erased, { date: fmt.date(c.erased_at) })
        : c.merged_into ? say(T.cust_merged, { id: c.merged_into }) : headOffice ? '' : T.cust_read_only;
      $$('.customer-action').forEach((n) => (n.hidden = closed));
      if (headOffice && !closed) fillEditForm(c);
      const [receipts, ledger, summary, consents] = await Promise.all([
        api('GET', REPORTS + '/customers/' + id + '/receipts?limit=50'), api('GET', read + '/customers/' + id + '/ledger?limit=100'),
        api('GET', REPORTS + '/customers/' + id + '/summary'), api('GET', REPORTS + '/customers/' + id + '/consents?limit=50')]);
      renderSummary(summary);
      show('#receipts-table', table([
        { label: T.col_when, value: (r) => fmt.dateTime(r.occurred_at) },
        { label: T.store, value: (r) => r.store },
        { label: T.col_receipt, value: (r) => el('button', { type: 'button', class: 'link receipt-toggle', 'data-receipt': r.receipt_id, 'aria-expanded': 'false', onclick: (e) => toggleLines(id, r.receipt_id, e.currentTarget) }, r.receipt_no), cls: 'mono' },
        { label: T.col_status, value: (r) => T['rs_' + r.status] || r.status },
        { label: T.col_total, num: true, value: (r) => fmt.money(r.total_minor) },
        { label: T.col_earned, num: true, value: (r) => fmt.num(r.points_earned) },
        { label: T.col_redeemed, num: true, value: (r) => fmt.num(r.points_redeemed) },
      ], receipts, { id: 'receipts' }));
      show('#ledger-table', table([
        { label: T.col_when, value: (x) => fmt.dateTime(x.created_at) },
        { label: T.col_kind, value: (x) => T['kind_' + x.kind] || x.kind },
        { label: T.col_points, num: true, value: (x) => el('span', { class: x.points < 0 ? 'neg' : 'pos' }, (x.points > 0 ? '+' : '') + fmt.num(x.points)) },
        { label: T.store, value: (x) => x.store_code || '—' },
        { label: T.col_receipt, value: (x) => x.receipt_no || '—', cls: 'mono' },
        { label: T.col_reason, value: (x) => x.reason || '' },
      ], ledger, { id: 'ledger' }));
      show('#consents-table', table([
        { label: T.col_when, value: (e) => fmt.dateTime(e.at) },
        { label: T.cust_sms_consent, value: (e) => (e.consent ? T.cons_given : T.cons_withdrawn) },
        { label: T.cons_source, value: (e) => T['cons_src_' + e.source] || e.source },
        { label: T.store, value: (e) => e.store || '—' },
        { label: T.cons_terminal, value: (e) => e.terminal || '—' },
      ], consents, { id: 'consents' }));
    }

    /** "--MM-DD" (a franchisee's view) is shown as day and month, a full date as a date. */
    function birthday(value) {
      if (!value) return '—';
      const md = /^--(\d{2})-(\d{2})$/.exec(value);
      if (!md) return fmt.date(value + 'T12:00:00');
      return new Date(2000, Number(md[1]) - 1, Number(md[2])).toLocaleDateString(LOCALE, { day: 'numeric', month: 'long' });
    }

    function renderSummary(s) {
      const facts = [[T.cust_spend_12m, fmt.money(s.spend12m_minor)], [T.cust_receipts_12m, fmt.num(s.receipts12m)],
        [T.col_segment, s.segment ? segmentName(s.segment) : '—'], [T.cust_birth_date, birthday(s.birthday)]];
      $('#summary-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-summary': k }, v)]));
      const t = s.tier;
      const line = t.next_code === null || t.next_code === undefined ? T.cust_tier_top
        : say(T.cust_tier_next, { next: t.next_name || t.next_code, left: fmt.money(t.to_next_minor), spend: fmt.money(t.spend_minor), threshold: fmt.money(t.next_min_spend_minor) });
      const bar = t.next_min_spend_minor ? el('progress', { max: t.next_min_spend_minor, value: Math.min(t.spend_minor, t.next_min_spend_minor) }) : null;
      show('#tier-progress', el('p', { class: 'tier-progress', 'data-tier': t.code }, el('strong', {}, (t.name || t.code) + ' '), line, ' ', bar));
    }

    /** Opens or closes the lines of a receipt under its row. */
    async function toggleLines(customerId, receiptId, button) {
      const row = button.closest('tr');
      const open = row.nextElementSibling && row.nextElementSibling.classList.contains('receipt-lines') ? row.nextElementSibling : null;
      if (open) {
        open.remove();
        button.setAttribute('aria-expanded', 'false');
        return;
      }
      const lines = await api('GET', REPORTS + '/customers/' + customerId + '/receipts/' + receiptId + '/lines');
      const detail = el('tr', { class: 'receipt-lines', 'data-lines-of': receiptId }, el('td', { colspan: row.children.length }, table([
        { label: T.line_name, value: (l) => l.name || l.sku },
        { label: T.line_category, value: (l) => l.category || '—' },
        { label: T.line_qty, num: true, value: (l) => fmt.num(Number(l.qty)) },
        { label: T.line_amount, num: true, value: (l) => fmt.money(l.amount_minor) },
        { label: T.line_discount, num: true, value: (l) => fmt.money(l.discount_minor + l.paid_by_points_minor) },
        { label: T.line_paid, num: true, value: (l) => fmt.money(l.final_amount_minor) },
        { label: T.col_earned, num: true, value: (l) => fmt.num(l.points_earned) },
      ], lines)));
      row.after(detail);
      button.setAttribute('aria-expanded', 'true');
    }

    const reload = async () => render(await api('GET', read + '/customers/' + idOf(customer)));

    /** GET by phone or card (the API normalises the phone and follows a merge to the survivor). */
    function byKey(kind, value) {
      return api('GET', read + '/customers?' + kind + '=' + encodeURIComponent(value));
    }

    const open = async (id) => {
      $('#matches').hidden = true;
      await render(await api('GET', read + '/customers/' + encodeURIComponent(id)));
    };

    // one match opens the customer; several are listed with links (/console/customers?id=), a page at a time
    async function search(q, offset) {
      const found = await api('GET', REPORTS + '/customers/search?q=' + encodeURIComponent(q) + '&offset=' + offset);
      if (found.customers.length === 1 && offset === 0) return open(found.customers[0].customer_id);
      const matches = $('#matches');
      matches.hidden = false;
      const pager = el('div', { class: 'actions' },
        offset > 0 ? el('button', { type: 'button', class: 'secondary', onclick: () => search(q, Math.max(0, offset - found.limit)) }, T.page_prev) : null,
        found.more ? el('button', { type: 'button', class: 'secondary', id: 'matches-more', onclick: () => search(q, offset + found.limit) }, T.page_next) : null);
      matches.replaceChildren(found.customers.length === 0 ? el('p', { class: 'empty' }, T.cust_none) : table([
        { label: T.col_name, value: (c) => el('a', { href: '/console/customers?id=' + c.customer_id, class: 'customer-link' }, c.name || '—') },
        { label: T.cust_phone, value: (c) => c.phone || '—', cls: 'mono' },
        { label: T.cust_card, value: (c) => c.card || '—', cls: 'mono' },
        { label: T.tier, value: (c) => c.tier || '—' },
        { label: T.cust_home_store, value: (c) => c.home_store || '—' },
      ], found.customers, { id: 'customer-matches' }), pager);
    }

    onSubmit($('#lookup-form'), async (data) => {
      $('#customer').hidden = true;
      await search((data.get('q') || '').trim(), 0);
    });

    // a link from another page (segments, a search result): ?id= opens that customer once the page is wired
    async function openWanted() {
      const wanted = new URLSearchParams(location.search).get('id');
      if (wanted && /^\d+$/.test(wanted)) await open(wanted).catch((e) => showProblem($('#lookup-form'), e));
    }

    if (!headOffice) return openWanted();

    // ---- head office's actions ----
    const stores = await api('GET', ADMIN + '/stores');
    $('#ed-home-store').append(...stores.map((s) => el('option', { value: s.code }, s.code + ' · ' + s.name)));

    const EDITABLE = { name: '#ed-name', phone: '#ed-phone', card: '#ed-card', birth_date: '#ed-birth', language: '#ed-language', home_store: '#ed-home-store' };
    function fillEditForm(c) {
      Object.entries(EDITABLE).forEach(([field, sel]) => ($(sel).value = c[field] || ''));
      ['#edit-form', '#adjust-form', '#merge-form', '#erase-form'].forEach((form) => clearErrors($(form)));
      $('#edit-status').textContent = '';
    }

    // a merge patch of what was changed only: an emptied field is null (cleared), the phone is sent as typed
    onSubmit($('#edit-form'), async (data) => {
      const patch = {};
      Object.keys(EDITABLE).forEach((field) => {
        const value = (data.get(field) || '').trim();
        if (value !== (customer[field] || '')) patch[field] = value === '' && field !== 'phone' ? null : value;
      });
      const saved = await api('PATCH', ADMIN + '/customers/' + customer.id, patch);
      await render(saved);
      $('#edit-status').textContent = T.cust_saved;
    });

    onSubmit($('#adjust-form'), async (data) => {
      const points = data.get('points');
      await api('POST', ADMIN + '/customers/' + customer.id + '/adjustments', {
        points: points === '' ? null : Number(points), reason: data.get('reason') || null });
      $('#adjust-form').reset();
      await reload();
    });

    onSubmit($('#merge-form'), async (data) => {
      const by = data.get('by');
      const value = (data.get('value') || '').trim();
      const duplicate = by === 'id' ? await api('GET', ADMIN + '/customers/' + encodeURIComponent(value)) : await byKey(by, value);
      if (duplicate.id === customer.id) throw new ApiError(400, { title: T.merge_same, errors: [{ field: 'from_customer_id', message: T.merge_same }] });
      const label = (c) => (c.name ? c.name + ' ' : '') + '(' + (c.phone || '#' + c.id) + ')';
      const points = duplicate.balance.available + duplicate.balance.pending;
      if (!window.confirm(say(T.merge_confirm, { from: label(duplicate), into: label(customer), points: fmt.num(points) }))) return;
      const survivor = await api('POST', ADMIN + '/customers/' + customer.id + '/merge', { from_customer_id: duplicate.id });
      $('#merge-form').reset();
      await render(survivor);
    });

    onSubmit($('#erase-form'), async () => {
      const points = customer.balance.available + customer.balance.pending;
      if (!window.confirm(say(T.erase_confirm, { name: customer.name || customer.phone, points: fmt.num(points) }))) return;
      await render(await api('POST', ADMIN + '/customers/' + customer.id + '/erase'));
    });
    await openWanted();
  };

  // ---- head office: people and control ---------------------------------------------------------------------
  const fill = (text, values) => Object.entries(values).reduce((t, [k, v]) => t.split('{' + k + '}').join(v), text);

  pages.users = async function () {
    const franchisees = await api('GET', ADMIN + '/franchisees');
    const names = new Map(franchisees.map((f) => [f.id, f.name]));
    $('#us-franchisee').append(...franchisees.map((f) => el('option', { value: f.id }, f.name)));
    const role = $('#us-role');
    const syncRole = () => { $('#us-franchisee').disabled = role.value !== 'franchisee'; };
    role.addEventListener('change', syncRole);
    syncRole();

    async function load() {
      const users = await api('GET', ADMIN + '/users');
      show('#users-table', table([
        { label: T.user_email, value: (u) => u.email },
        { label: T.user_role, value: (u) => T['role_' + u.role] || u.role },
        { label: T.user_franchisee, value: (u) => (u.franchisee_id ? names.get(u.franchisee_id) || '#' + u.franchisee_id : '—') },
        { label: T.col_created, value: (u) => fmt.date(u.created_at) },
        { label: T.user_status, value: (u) => (u.disabled_at ? fill(T.user_revoked, { date: fmt.date(u.disabled_at) }) : T.user_active) },
        { label: '', value: (u) => (u.disabled_at || u.email === body.dataset.user ? '' : el('button', { type: 'button', class: 'danger small', 'data-revoke': u.id, onclick: () => revoke(u) }, T.user_revoke)) },
      ], users, { id: 'users' }));
    }

    async function revoke(u) {
      if (!window.confirm(fill(T.user_revoke_confirm, { email: u.email }))) return;
      try {
        await api('POST', ADMIN + '/users/' + u.id + '/revoke');
        await load();
      } catch (e) {
        showError($('#users-error'), e);
      }
    }

    onSubmit($('#user-form'), async (data) => {
      const franchisee = data.get('role') === 'franchisee' ? intOrNull(data.get('franchisee_id')) : null;
      const created = await api('POST', ADMIN + '/users', { email: data.get('email'), password: data.get('password'), role: data.get('role'), franchisee_id: franchisee });
      $('#user-form').reset();
      syncRole();
      $('#user-status').textContent = fill(T.user_created, { email: created.email });
      await load();
    });
    await load();
  };

  pages.webhooks = async function () {
    let current = null;

    async function load() {
      const hooks = await api('GET', ADMIN + '/webhooks');
      show('#webhooks-table', table([
        { label: T.webhook_url, value: (w) => w.url },
        { label: T.webhook_events, value: (w) => w.events.join(', ') },
        { label: T.webhook_state, value: (w) => (w.enabled ? T.webhook_enabled : fill(T.webhook_disabled, { reason: w.disabled_reason || '' })) },
        { label: '', value: (w) => el('span', {},
          el('button', { type: 'button', class: 'small', 'data-toggle': w.id, onclick: () => toggle(w) }, w.enabled ? T.webhook_disable : T.webhook_enable), ' ',
          el('button', { type: 'button', class: 'small', 'data-deliveries': w.id, onclick: () => deliveries(w) }, T.webhook_deliveries), ' ',
          el('button', { type: 'button', class: 'danger small', 'data-delete': w.id, onclick: () => remove(w) }, T.webhook_delete)) },
      ], hooks, { id: 'webhooks' }));
    }

    async function toggle(w) {
      try {
        await api('PATCH', ADMIN + '/webhooks/' + w.id, { enabled: !w.enabled });
        await load();
      } catch (e) {
        showError($('#webhooks-error'), e);
      }
    }

    async function remove(w) {
      if (!window.confirm(fill(T.webhook_delete_confirm, { url: w.url }))) return;
      try {
        await api('DELETE', ADMIN + '/webhooks/' + w.id);
        if (current && current.id === w.id) $('#deliveries-card').hidden = true;
        await load();
      } catch (e) {
        showError($('#webhooks-error'), e);
      }
    }

    async function deliveries(w) {
      current = w;
      $('#deliveries-card').hidden = false;
      $('#deliveries-title').textContent = fill(T.webhook_deliveries_of, { url: w.url });
      const status = $('#wd-status').value;
      try {
        const rows = await api('GET', ADMIN + '/webhooks/' + w.id + '/deliveries' + (status ? '?status=' + status : ''));
        show('#deliveries-table', table([
          { label: T.col_created, value: (d) => fmt.dateTime(d.created_at) },
          { label: T.webhook_type, value: (d) => d.type },
          { label: T.webhook_event_id, value: (d) => el('code', {}, d.event_id) },
          { label: T.webhook_delivery_status, value: (d) => T['webhook_status_' + d.status] || d.status },
          { label: T.webhook_attempts, value: (d) => fmt.num(d.attempts) },
          { label: T.webhook_last_answer, value: (d) => (d.last_status ? String(d.last_status) + (d.last_response ? ' ' + d.last_response.slice(0, 80) : '') : d.last_error || '—') },
          { label: '', value: (d) => (d.status === 'pending' ? '' : el('button', { type: 'button', class: 'small', 'data-retry': d.id, onclick: () => retry(d) }, T.webhook_retry)) },
        ], rows, { id: 'deliveries' }));
      } catch (e) {
        showError($('#deliveries-error'), e);
      }
    }

    async function retry(d) {
      try {
        await api('POST', ADMIN + '/webhooks/' + current.id + '/deliveries/' + d.id + '/retry');
        await deliveries(current);
      } catch (e) {
        showError($('#deliveries-error'), e);
      }
    }

    $('#wd-status').addEventListener('change', () => current && deliveries(current));
    onSubmit($('#webhook-form'), async (data) => {
      const created = await api('POST', ADMIN + '/webhooks', { url: data.get('url'), events: data.getAll('events') });
      $('#webhook-form').reset();
      $('#webhook-secret-value').textContent = created.secret;
      $('#webhook-secret').hidden = false;
      await load();
    });
    await load();
  };

  pages.audit = async function () {
    const users = await api('GET', ADMIN + '/users');
    $('#au-user').append(...users.map((u) => el('option', { value: u.id }, u.email)));
    // JSON as a person reads it: no bare null or false
    const plain = (v) => (v === null || v === undefined ? '—' : typeof v === 'boolean' ? (v ? T.yes : T.no)
      : typeof v === 'object' ? JSON.stringify(v, (k, x) => (x === null ? '—' : typeof x === 'boolean' ? (x ? T.yes : T.no) : x)).slice(0, 120) : String(v));
    function change(entry) {
      const before = entry.before && typeof entry.before === 'object' ? entry.before : {};
      const after = entry.after && typeof entry.after === 'object' ? entry.after : {};
      const keys = Array.from(new Set([...Object.keys(before), ...Object.keys(after)]))
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      return el('ul', { class: 'changes' }, keys.slice(0, 8).map((k) => el('li', {}, el('code', {}, k), ': ',
        k in before ? plain(before[k]) + ' → ' : '', k in after ? plain(after[k]) : '—')));
    }
    let rows = [];
    let filter = {};
    async function load(more) {
      const query = new URLSearchParams();
      Object.entries(filter).forEach(([k, v]) => { if (v) query.set(k, v); });
      query.set('limit', '50');
      if (more && rows.length) query.set('before_id', rows[rows.length - 1].id);
      const page = await api('GET', ADMIN + '/audit?' + query.toString());
      rows = more ? rows.concat(page) : page;
      show('#audit-table', table([
        { label: T.col_when, value: (a) => fmt.dateTime(a.at) },
        { label: T.audit_user, value: (a) => a.user_email || (a.terminal_id ? T.cons_terminal + ' #' + a.terminal_id : '—') },
        { label: T.audit_action, value: (a) => T['audit_act_' + a.action] || a.action },
        { label: T.audit_entity, value: (a) => (T['audit_ent_' + a.entity] || a.entity) + (a.entity_id ? ' #' + a.entity_id : '') },
        { label: T.audit_change, value: change },
      ], rows, { id: 'audit' }));
      $('#audit-older').hidden = page.length < 50;
    }
    onSubmit($('#audit-form'), async (data) => {
      filter = { entity: data.get('entity'), user_id: data.get('user_id'), from: data.get('from'), to: data.get('to') };
      await load(false);
    });
    $('#audit-older').addEventListener('click', () => load(true).catch((e) => showProblem($('#audit-form'), e)));
    await load(false);
  };

  pages['campaign-settings'] = async function () {
    const URL_ = ADMIN + '/campaigns/settings';
    const form = $('#settings-form');
    let current = await api('GET', URL_);
    const units = (minor) => (minor === null || minor === undefined ? '' : String(minor / Math.pow(10, MINOR_DIGITS)));
    function fillForm(s) {
      $('#cs-quiet-start').value = s.quiet_hours_start || '';
      $('#cs-quiet-end').value = s.quiet_hours_end || '';
      $('#cs-weekly-cap').value = s.weekly_cap ?? '';
      $('#cs-part-price').value = units(s.sms_part_price_minor);
      $('#cs-language').value = s.default_language || 'ru';
      $('#cs-timezone').value = s.default_timezone || '';
      $('#cs-opt-out').value = s.opt_out_base_url || '';
      $('#cs-birthday').checked = Boolean(s.birthday && s.birthday.enabled);
      $('#cs-birthday-days').value = (s.birthday && s.birthday.days_before) ?? '';
      $('#cs-birthday-bonus').checked = Boolean(s.birthday && s.birthday.grant_bonus);
      $('#cs-expiring').checked = Boolean(s.expiring_points && s.expiring_points.enabled);
      $('#cs-expiring-days').value = (s.expiring_points && s.expiring_points.days) ?? '';
      $('#cs-win-back').checked = Boolean(s.win_back && s.win_back.enabled);
      $('#cs-win-back-days').value = (s.win_back && s.win_back.days) ?? '';
      $('#cs-welcome').checked = Boolean(s.welcome && s.welcome.enabled);
      $('#cs-birthday-holdout').value = (s.birthday && s.birthday.holdout_percent) ?? '';
      $('#cs-expiring-holdout').value = (s.expiring_points && s.expiring_points.holdout_percent) ?? '';
      $('#cs-win-back-holdout').value = (s.win_back && s.win_back.holdout_percent) ?? '';
      $('#cs-welcome-holdout').value = (s.welcome && s.welcome.holdout_percent) ?? '';
    }
    fillForm(current);
    // the message texts are kept as they are: this form changes the switches and numbers around them
    onSubmit(form, async (data) => {
      const price = String(data.get('sms_part_price') || '').trim();
      const next = Object.assign({}, current, {
        quiet_hours_start: data.get('quiet_hours_start'), quiet_hours_end: data.get('quiet_hours_end'),
        weekly_cap: intOrNull(data.get('weekly_cap')), sms_part_price_minor: price === '' ? null : fmt.toMinor(price),
        default_language: data.get('default_language'), default_timezone: String(data.get('default_timezone') || '').trim() || null,
        opt_out_base_url: String(data.get('opt_out_base_url') || '').trim() || null,
        birthday: Object.assign({}, current.birthday, { enabled: $('#cs-birthday').checked, days_before: intOrNull(data.get('birthday_days_before')), grant_bonus: $('#cs-birthday-bonus').checked, holdout_percent: intOrNull(data.get('birthday_holdout')) }),
        expiring_points: Object.assign({}, current.expiring_points, { enabled: $('#cs-expiring').checked, days: intOrNull(data.get('expiring_days')), holdout_percent: intOrNull(data.get('expiring_holdout')) }),
        win_back: Object.assign({}, current.win_back, { enabled: $('#cs-win-back').checked, days: intOrNull(data.get('win_back_days')), holdout_percent: intOrNull(data.get('win_back_holdout')) }),
        welcome: Object.assign({}, current.welcome, { enabled: $('#cs-welcome').checked, holdout_percent: intOrNull(data.get('welcome_holdout')) }),
      });
      current = await api('PUT', URL_, next);
      fillForm(current);
      $('#settings-status').textContent = T.cs_saved;
    });
  };

  // ---- start -----------------------------------------------------------------------------------------------
  function start() {
    if (window.Chart) {
      window.Chart.defaults.font.family = getComputedStyle(body).fontFamily;
      window.Chart.defaults.color = '#475569';
    }
    localDateInputs(document);
    const page = pages[body.dataset.page || 'dashboard'];
    if (!page) return;
    body.classList.add('loading');
    Promise.resolve(page())
      .catch((e) => {
        const main = $('.content');
        main.append(el('div', { class: 'alert error', role: 'alert' }, el('strong', {}, T.error_generic), ' ', e.message || ''));
      })
      .finally(() => { body.classList.remove('loading'); body.dataset.ready = 'true'; });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
