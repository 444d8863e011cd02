# The configurator's texts (bundle/configurator), apart from the banner's.

cfg-page-title = kelisim configurator
cfg-title = Cookie banner configurator
cfg-intro = Fill in the operator, the policy, the categories and the services. The real banner updates at once in the preview, and the code for your site appears below. What the banner would reject, the configurator rejects too.
cfg-ui-language = Configurator language
cfg-lang-kk = Қазақша
cfg-lang-ru = Русский
cfg-lang-en = English
cfg-status-valid = The configuration is valid: the banner accepts it.
cfg-status-invalid = { $count ->
        [one] { $count } error
       *[other] { $count } errors
    }: the banner would reject this configuration.
cfg-summary-title = Messages that belong to no field
cfg-error = Error
cfg-warning = Warning

cfg-section-load = Open an existing configuration
cfg-profiles = Demo profiles
cfg-load-paste = Paste JSON or the code from your site here
cfg-load-button = Open what was pasted
cfg-load-file = Open a JSON file
cfg-load-failed = Could not open it: { $reason }
cfg-load-done = The configuration is open.
cfg-load-scan-done = Services found by the scan are added: { $services }
cfg-new = Start a new configuration

cfg-section-operator = Operator of the personal data
cfg-operator-name = Operator's name
cfg-operator-bin = BIN (12 digits)
cfg-operator-email = E-mail
cfg-operator-phone = Telephone
cfg-operator-address = Address
cfg-operator-hours = Office hours
cfg-operator-days = Days to answer a request

cfg-section-policy = Privacy policy
cfg-policy-url = Link to the policy
cfg-policy-version = Policy version
cfg-revision = Revision of the configuration (a change asks every visitor again)

cfg-section-languages = Languages
cfg-languages = Languages the banner offers
cfg-language = Show one language only
cfg-language-none = None: the visitor's language

cfg-section-categories = Categories and services
cfg-category = Category: { $id }
cfg-category-id = Identifier (a–z, 0–9, - and _)
cfg-category-required = Always on (the visitor cannot turn it off)
cfg-category-name = Name
cfg-category-description = Description
cfg-category-add = Add a category
cfg-category-remove = Remove this category
cfg-service = Service: { $id }
cfg-service-id = Identifier (a–z, 0–9, - and _)
cfg-service-name = Name
cfg-service-provider = Provider
cfg-service-purpose = Purpose
cfg-service-country = Provider's country (ISO 3166-1 code, e.g. US)
cfg-service-cookies = Cookie names, separated by commas
cfg-service-add = Add your own service to this category
cfg-service-remove = Remove this service
cfg-known = Common service
cfg-known-add = Add the service
cfg-known-added = Added: { $name }.

cfg-section-transfer = Cross-border transfer and consent records
cfg-cross-border = Countries the data go to (ISO 3166-1 codes, separated by commas)
cfg-endpoint = Address that receives the consent records

cfg-section-theme = Banner colors
cfg-theme-light = Light mode
cfg-theme-dark = Dark mode
cfg-colour-background = Background
cfg-colour-text = Text
cfg-colour-muted = Secondary text
cfg-colour-accent = Main color
cfg-colour-accent-text = Button text
cfg-colour-border = Border
cfg-colour-focus = Focus indicator
cfg-contrast-low = Too little contrast: { $pair } ({ $mode }) is { $ratio }:1, at least 4.5:1 is needed.

cfg-preview-title = Preview
cfg-preview-frame = Preview of the banner
cfg-preview-language = Banner language
cfg-preview-scheme = Color scheme
cfg-scheme-light = Light
cfg-scheme-dark = Dark
cfg-preview-width = Screen width
cfg-width-phone = Phone, 360 pixels
cfg-width-desktop = Desktop, 1024 pixels
cfg-preview-screen = View
cfg-screen-banner = Banner
cfg-screen-preferences = Preference center
cfg-preview-stale = The configuration has errors: the preview shows the last valid one.
cfg-preview-page = This is a sample page of your site. The banner is shown over it.

cfg-section-output = Code for your site
cfg-output-embed = Code for the head of your site's pages
cfg-output-invalid = Fix the errors first: the banner would reject this configuration.
cfg-loader = How the banner is loaded
cfg-loader-async = Recommended
cfg-loader-async-help = The loader does not hold the page back; the banner's files are fetched at once.
cfg-loader-autoblock = Automatic blocking
cfg-loader-autoblock-help = The scripts of known trackers (Google Analytics, Yandex Metrica, Meta Pixel and others) do not run until their category is allowed. Put this code first in the head, before the trackers' code.
cfg-loader-one = One file
cfg-loader-one-help = The banner comes in the loader's own file: it appears sooner on a slow network, and the file is about 3 KB larger.
cfg-copy = Copy the code
cfg-copied = The code is copied.
cfg-copy-manual = The code is selected: press Ctrl+C to copy it.
cfg-download = Download the JSON file
