# English: for visitors who read neither Kazakh nor Russian. Words as in locales/glossary.json:
# personal data, collect and process, withdraw consent, in force, cookies, identifier,
# service provider, consent receipt.

banner-label = Cookie consent
banner-title = Cookies and personal data
banner-text = We always use the cookies the site needs to work. With your consent we also use additional cookies and collect and process your personal data for { $purposes }.
# $purposes: the phrases below of the site's optional categories, joined by src/purposes.rs
# ("A, B and C"); each stands after "for".
banner-text-necessary-only = We use only the cookies the site needs to work.
banner-purpose-preferences = remembering your choices
banner-purpose-analytics = analyzing visits to the site
banner-purpose-marketing = showing advertising
banner-purpose-other = the purposes of the “{ $category }” category
banner-list-and = and
banner-policy-link = Privacy policy

# First layer: what law 94-V Art. 8(4) asks, in one or two sentences built from the configuration.
# Sentence 1 (who, third parties): $operator is the operator's name from the configuration.
banner-disclosure-operator = Operator: { $operator }; your personal data may be passed to third parties.
banner-disclosure-operator-no-third-parties = Operator: { $operator }; your personal data are not passed to third parties.
banner-disclosure-no-operator = Your personal data may be passed to third parties.
banner-disclosure-no-operator-no-third-parties = Your personal data are not passed to third parties.
# Sentence 2 (border, validity, withdrawal): $countries is the list of country names.
banner-disclosure-cross-border = Cross-border transfer to { $countries } is possible; consent is in force for 13 months and can be withdrawn in the cookie settings.
banner-disclosure-cross-border-unspecified = Cross-border transfer is possible (the countries are not specified); consent is in force for 13 months and can be withdrawn in the cookie settings.
banner-disclosure-no-cross-border = There is no cross-border transfer; consent is in force for 13 months and can be withdrawn in the cookie settings.
# The operator's name with its BIN, when the configuration has one.
banner-operator-bin = { $operator }, BIN { $bin }
banner-disclosure-published-yes = Personal data may be disseminated in publicly available sources.
banner-disclosure-published-no = Personal data are not disseminated in publicly available sources.

action-accept-all = Accept all
action-reject-all = Reject all
action-settings = Settings
action-save = Save choices
action-close = Close
# Said while the preference center loads (the first layer's busy dialog, read by screen readers).
settings-loading = Opening the cookie settings, please wait.
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
category-marketing-description = Used to show advertising based on your interests and to measure how well it works.
language-label = Language
lang-kk = Қазақша
lang-ru = Русский
lang-en = English

# Preference center (second layer) and the disclosures of law 94-V Art. 8(4).
prefs-services = Services and cookies
prefs-data = Personal data collected
service-provider = Service provider
service-purpose = Purpose
service-country = Country
cookie-name = Name
cookie-lifetime = Retention period
cookie-description = What it does
cookie-days = { $days } { $days ->
        [one] day
       *[other] days
    }
cookie-session = Until the browser closes
disclosures-title = About this consent
operator-label = Operator of the database containing personal data
operator-bin = BIN
contact-label = Contact about personal data
contact-email = Email
contact-phone = Phone
contact-address = Address
contact-hours = Hours
# $days: a whole number (i18n::fill_count).
response-deadline = We answer requests within { $days } { $days ->
        [one] calendar day
       *[other] calendar days
    }.
validity = Consent is in force for 13 months; then we ask you again.
validity-until = Your current consent is in force until { $date }.
third-parties-yes = Personal data may be passed to third parties: { $list }.
third-parties-no = Personal data are not passed to third parties.
# $list: country names, or countries-unspecified.
cross-border-yes = Cross-border transfer of personal data is possible, receiving countries: { $list }.
cross-border-no = Personal data are not transferred outside Kazakhstan.
countries-unspecified = not specified
published-yes = Personal data may be disseminated in publicly available sources.
published-no = Personal data are not disseminated in publicly available sources.
action-withdraw = Withdraw consent
floating-label = Cookie settings

# Global Privacy Control. $count: how many categories $categories names (i18n::fill_count).
gpc-note = Your browser sent a Global Privacy Control (GPC) signal, so { $count ->
        [1] the following category is off
       *[other] the following categories are off
    }: { $categories }. You can switch { $count ->
        [1] it
       *[other] them
    } on yourself.

# Gated iframes: the placeholder shown until the visitor allows the category.
placeholder-text = “{ $content }” is loaded from an external service, which may collect personal data and use cookies. It is shown only if you allow the “{ $category }” category.
placeholder-text-untitled = This content is loaded from an external service, which may collect personal data and use cookies. It is shown only if you allow the “{ $category }” category.
placeholder-allow = Allow “{ $category }”

# Consent receipt.
receipt-title = Consent receipt
receipt-text = Record { $record } · consent { $consent } · { $time } · policy version: { $policy }
receipt-download = Download the consent receipt (JSON)

# Consent to processing in the site's own forms (data-kelisim-form). $purpose, $data, $term:
# texts from the configuration's `forms`; $operator, $bin: from `operator`.
processing-title = Consent to the collection and processing of personal data
processing-label = I consent to the collection and processing of my personal data for: { $purpose }
processing-required = (required)
processing-more = Full text of the consent
processing-text-operator = Operator: { $operator }, BIN { $bin }
processing-text-operator-no-bin = Operator: { $operator }
processing-text-purpose = Purpose of processing: { $purpose }
processing-text-data = Personal data: { $data }
processing-text-term = Term of the consent: { $term }
processing-third-parties-yes = Personal data may be passed to third parties.
processing-withdraw = You can withdraw this consent in the cookie settings of this site, except where this contradicts the laws of the Republic of Kazakhstan or while an obligation remains unfulfilled. The withdrawal is sent to the operator, who must stop collecting and processing your personal data.

processing-required-message = To send the form, tick this consent: without it your request cannot be processed.
# $key: the configuration key that is wrong, e.g. forms.loan-application.
processing-broken = This form cannot be sent: the settings of its consent to the collection and processing of personal data have an error ({ $key }). Please tell the site's owner.
# Shown instead of processing-broken when the configuration has forms but no operator.bin.
processing-no-bin = This form cannot be sent: the operator's BIN is not stated, and without it no consent to the collection and processing of personal data can be taken.
processing-list-title = Consents to the collection and processing of personal data given in forms
processing-list-text = The consents to the collection and processing of personal data you gave in this site's forms on this device.
# $form: the form's name (forms.<id>.name, else its id); $purpose: the purpose text; $date: the
# date as visitors read it (DateTime::date_text).
processing-item = { $purpose } (form “{ $form }”), given { $date }
processing-item-withdrawn = Withdrawn { $date }
# $purpose: the purpose text (the withdraw button's accessible name).
processing-withdraw-label = Withdraw consent: { $purpose }
