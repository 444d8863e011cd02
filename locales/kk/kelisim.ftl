# Kazakh: the state language. Always complete; every other locale has exactly these ids.
# Words: one per concept, as in law 94-V (see locales/glossary.json, tested by tests/glossary.rs):
# дербес деректер, жинау және өңдеу, келісімді кері қайтарып алу, күшінде болады, cookie файлдары,
# сәйкестендіргіш, қызмет көрсетуші, келісім растамасы.
# Kazakh nouns stay singular after a numeral («21 күн»), so no plural selectors are needed here.

banner-label = Cookie файлдарына келісім
banner-title = Cookie файлдары және дербес деректер
banner-text = Сайттың жұмыс істеуіне қажетті cookie файлдарын біз әрқашан пайдаланамыз. Сіздің келісіміңізбен { $purposes } үшін қосымша cookie файлдарын пайдаланамыз, дербес деректеріңізді жинаймыз және өңдейміз.
# $purposes: the phrases below of the site's optional categories, joined by src/purposes.rs
# («A, B және C»); each is a verbal noun (or a noun) that stands before «үшін».
banner-text-necessary-only = Біз сайттың жұмыс істеуіне қажетті cookie файлдарын ғана пайдаланамыз.
banner-purpose-preferences = таңдауларыңызды есте сақтау
banner-purpose-analytics = сайтқа кірулерді талдау
banner-purpose-marketing = жарнама көрсету
banner-purpose-other = «{ $category }» санатының мақсаттары
banner-list-and = және
banner-policy-link = Құпиялылық саясаты

# First layer: what law 94-V Art. 8(4) asks, in one or two sentences built from the configuration.
# Sentence 1 (who, third parties): $operator is the operator's name from the configuration.
banner-disclosure-operator = Оператор: { $operator }; дербес деректеріңіз үшінші тұлғаларға берілуі мүмкін.
banner-disclosure-operator-no-third-parties = Оператор: { $operator }; дербес деректеріңіз үшінші тұлғаларға берілмейді.
banner-disclosure-no-operator = Дербес деректеріңіз үшінші тұлғаларға берілуі мүмкін.
banner-disclosure-no-operator-no-third-parties = Дербес деректеріңіз үшінші тұлғаларға берілмейді.
# Sentence 2 (border, validity, withdrawal): $countries is the list of country names.
banner-disclosure-cross-border = Трансшекаралық беру мүмкін, қабылдаушы елдер: { $countries }; келісім 13 ай бойы күшінде болады, оны cookie файлдарының баптауларында кері қайтарып алуға болады.
banner-disclosure-cross-border-unspecified = Трансшекаралық беру мүмкін (елдер көрсетілмеген); келісім 13 ай бойы күшінде болады, оны cookie файлдарының баптауларында кері қайтарып алуға болады.
banner-disclosure-no-cross-border = Трансшекаралық беру жүзеге асырылмайды; келісім 13 ай бойы күшінде болады, оны cookie файлдарының баптауларында кері қайтарып алуға болады.
# The operator's name with its BIN, when the configuration has one.
banner-operator-bin = { $operator }, БСН { $bin }
banner-disclosure-published-yes = Дербес деректер жалпыға қолжетімді көздерде таратылуы мүмкін.
banner-disclosure-published-no = Дербес деректер жалпыға қолжетімді көздерде таратылмайды.

action-accept-all = Барлығын қабылдау
action-reject-all = Барлығынан бас тарту
action-settings = Баптаулар
action-save = Таңдауды сақтау
action-close = Жабу
# Said while the preference center loads (the first layer's busy dialog, read by screen readers).
settings-loading = Cookie файлдарының баптаулары ашылып жатыр, күтіңіз.
settings-title = Cookie файлдарының баптаулары
settings-text = Қандай санаттарға рұқсат беретініңізді таңдаңыз. Қажетті cookie файлдарын өшіру мүмкін емес.
category-always-on = Әрқашан қосулы
category-necessary-name = Қажетті
category-necessary-description = Сайттың негізгі жұмысы мен қауіпсіздігіне қажет. Оларсыз сайт дұрыс жұмыс істемейді.
category-preferences-name = Жеке баптаулар
category-preferences-description = Тіл мен аймақ сияқты таңдауларыңызды есте сақтайды.
category-analytics-name = Аналитика
category-analytics-description = Сайтқа кірулерді санауға және сайтты жақсартуға көмектеседі.
category-marketing-name = Жарнама
category-marketing-description = Қызығушылықтарыңызға негізделген жарнаманы көрсету және оның тиімділігін өлшеу үшін қолданылады.
language-label = Тіл
lang-kk = Қазақша
lang-ru = Русский
lang-en = English

# Preference center (second layer) and the disclosures of law 94-V Art. 8(4).
prefs-services = Қызметтер мен cookie файлдары
prefs-data = Жиналатын дербес деректер
service-provider = Қызмет көрсетуші
service-purpose = Мақсаты
service-country = Ел
cookie-name = Атауы
cookie-lifetime = Сақтау мерзімі
cookie-description = Не үшін қажет
cookie-days = { $days } күн
cookie-session = Браузер жабылғанша
disclosures-title = Келісім туралы мәліметтер
operator-label = Дербес деректерді қамтитын база операторы
operator-bin = БСН
contact-label = Дербес деректер бойынша байланыс
contact-email = Электрондық пошта
contact-phone = Телефон
contact-address = Мекенжай
contact-hours = Жұмыс уақыты
# $days: a whole number (i18n::fill_count).
response-deadline = Өтініштерге { $days } күнтізбелік күн ішінде жауап береміз.
validity = Келісім 13 ай бойы күшінде болады, содан кейін біз сізден қайта сұраймыз.
# $date: the date with its month in the dative («2027 жылғы 28 желтоқсанға»), DateTime::date_until.
validity-until = Қазіргі келісіміңіз { $date } дейін күшінде болады.
third-parties-yes = Дербес деректер үшінші тұлғаларға берілуі мүмкін: { $list }.
third-parties-no = Дербес деректер үшінші тұлғаларға берілмейді.
# $list: country names, or countries-unspecified.
cross-border-yes = Дербес деректерді трансшекаралық беру мүмкін, қабылдаушы елдер: { $list }.
cross-border-no = Дербес деректер Қазақстан аумағынан тыс берілмейді.
countries-unspecified = көрсетілмеген
published-yes = Дербес деректер жалпыға қолжетімді көздерде таратылуы мүмкін.
published-no = Дербес деректер жалпыға қолжетімді көздерде таратылмайды.
action-withdraw = Келісімді кері қайтарып алу
floating-label = Cookie файлдарының баптаулары

# Global Privacy Control. $count: how many categories $categories names (i18n::fill_count).
gpc-note = Браузеріңіз Global Privacy Control (GPC) сигналын жіберді, сондықтан { $count ->
        [1] келесі санат өшірулі
       *[other] келесі санаттар өшірулі
    }: { $categories }. { $count ->
        [1] Оны
       *[other] Оларды
    } өзіңіз қоса аласыз.

# Gated iframes: the placeholder shown until the visitor allows the category.
placeholder-text = «{ $content }» сыртқы қызметтен жүктеледі, ал ол қызмет дербес деректерді жинап, cookie файлдарын пайдалана алады. Бұл мазмұн «{ $category }» санатына рұқсат бергенде ғана көрсетіледі.
placeholder-text-untitled = Бұл мазмұн сыртқы қызметтен жүктеледі, ал ол қызмет дербес деректерді жинап, cookie файлдарын пайдалана алады. Мазмұн «{ $category }» санатына рұқсат бергенде ғана көрсетіледі.
placeholder-allow = «{ $category }» санатына рұқсат беру

# Consent receipt.
receipt-title = Келісім растамасы
receipt-text = Жазба { $record } · келісім { $consent } · { $time } · саясат нұсқасы: { $policy }
receipt-download = Келісім растамасын жүктеп алу (JSON)

# Consent to processing in the site's own forms (data-kelisim-form).
processing-title = Дербес деректерді жинауға және өңдеуге келісім
processing-label = Дербес деректерімді жинауға және өңдеуге келісім беремін, мақсаты: { $purpose }
processing-required = (міндетті)
processing-more = Келісімнің толық мәтіні
processing-text-operator = Оператор: { $operator }, БСН { $bin }
processing-text-operator-no-bin = Оператор: { $operator }
processing-text-purpose = Өңдеу мақсаты: { $purpose }
processing-text-data = Дербес деректер: { $data }
processing-text-term = Келісімнің күшінде болу мерзімі: { $term }
processing-third-parties-yes = Дербес деректер үшінші тұлғаларға берілуі мүмкін.
processing-withdraw = Қазақстан Республикасының заңдарына қайшы келетін жағдайларды не орындалмаған міндеттеме болған кезді қоспағанда, бұл келісімді осы сайттың cookie файлдарының баптауларында кері қайтарып алуға болады. Кері қайтарып алу туралы хабарлама операторға жіберіледі, ол дербес деректеріңізді жинауды және өңдеуді тоқтатуға міндетті.

processing-required-message = Форманы жіберу үшін осы келісімді белгілеңіз: онсыз өтінішіңіз өңделмейді.
processing-broken = Бұл форманы жіберу мүмкін емес: дербес деректерді жинауға және өңдеуге келісім баптауларында қате бар ({ $key }). Сайт иесіне хабарлаңыз.
processing-no-bin = Бұл форманы жіберу мүмкін емес: оператордың бизнес-сәйкестендіру нөмірі (БСН) көрсетілмеген, ал онсыз дербес деректерді жинауға және өңдеуге келісім алуға болмайды.
processing-list-title = Формаларда берілген дербес деректерді жинауға және өңдеуге келісімдер
processing-list-text = Осы құрылғыда сайттың формаларында берген дербес деректерді жинауға және өңдеуге келісімдеріңіз.
processing-item = { $purpose } («{ $form }» формасы), берілген күні { $date }
processing-item-withdrawn = Кері қайтарып алынған күні { $date }
processing-withdraw-label = Келісімді кері қайтарып алу: { $purpose }
