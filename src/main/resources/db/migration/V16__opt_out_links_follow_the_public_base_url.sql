-- Campaign settings created before kopilka.public-base-url carry the default of that time, http://localhost:8080,
-- as their opt-out link base. No chain chose it: they follow the installation's public base URL from now on
-- (a missing base is read as the installation's; docs/operations.md).
UPDATE campaign_settings SET document = document - 'opt_out_base_url'
 WHERE document ->> 'opt_out_base_url' IN ('http://localhost:8080', 'http://localhost:8080/');
