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
