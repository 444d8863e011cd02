# English: for visitors who read neither Kazakh nor Russian.

banner-label = Cookie consent
banner-title = Cookies and personal data
banner-text = We always use the cookies the site needs to work. With your consent we also use additional cookies and process your personal data to improve the site, remember your settings and show advertising. You can change your choice or withdraw your consent at any time.
banner-policy-link = Privacy policy
action-accept-all = Accept all
action-reject-all = Reject all
action-settings = Settings
action-save = Save choices
action-close = Close
settings-title = Cookie settings
settings-text = Choose which categories you allow. Necessary cookies cannot be switched off.
category-always-on = Always on
category-necessary-name = Necessary
category-necessary-description = Needed for the basic operation and security of the site. Without them the site does not work properly.
category-preferences-name = Preferences
category-preferences-description = Remember your choices, such as language and region.
category-analytics-name = Analytics
category-analytics-description = Help us count visits and improve the site.
category-marketing-name = Advertising
category-marketing-description = Used to show advertising that interests you and to measure how well it works.
language-label = Language
lang-kk = Қазақша
lang-ru = Русский
lang-en = English

# Preference center (second layer) and the disclosures of law 94-V Art. 8(4).
prefs-services = Services and cookies
prefs-data = Data collected
service-provider = Provider
service-purpose = Purpose
service-country = Country
cookie-name = Name
cookie-lifetime = Retention period
cookie-description = What it does
disclosures-title = About this consent
operator-label = Personal data operator
operator-bin = BIN
contact-label = Contact about personal data
contact-email = Email
contact-phone = Phone
contact-address = Address
contact-hours = Hours
response-deadline = We answer requests within { $days } calendar days.
validity = Consent is valid for 13 months; then we ask you again.
validity-until = Your current consent is valid until { $date }.
third-parties-yes = Data may be passed to third parties: { $list }.
third-parties-no = Data are not passed to third parties.
cross-border-yes = Data may be transferred across the border, to: { $list }.
cross-border-no = Data do not leave Kazakhstan.
countries-unspecified = countries not specified
published-yes = Personal data may be published in public sources.
published-no = Personal data are not published.
action-withdraw = Withdraw consent
floating-label = Cookie settings

# Global Privacy Control.
gpc-note = Your browser sent a Global Privacy Control (GPC) signal, so these categories are off: { $categories }. You can switch them on yourself.

# Gated iframes: the placeholder shown until the visitor allows the category.
placeholder-text = “{ $content }” is loaded from an external service, which may collect personal data and use cookies. It is shown only if you allow the “{ $category }” category.
placeholder-text-untitled = This content is loaded from an external service, which may collect personal data and use cookies. It is shown only if you allow the “{ $category }” category.
placeholder-allow = Allow “{ $category }”

# Consent receipt.
receipt-title = Your consent receipt
receipt-text = Record { $record } · consent { $consent } · { $time } · policy version: { $policy }
receipt-download = Download the receipt (JSON)
