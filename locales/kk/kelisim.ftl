# Kazakh: the state language. Always complete; every other locale has exactly these ids.
# Words: дербес деректер, өңдеу, келісім, cookie файлдары (see shared/domain.md).

banner-label = Cookie файлдарына келісім
banner-title = Cookie файлдары және дербес деректер
banner-text = Сайттың жұмыс істеуіне қажетті cookie файлдарын біз әрқашан пайдаланамыз. Сіздің келісіміңізбен сайтты жақсарту, баптауларыңызды есте сақтау және жарнама көрсету үшін қосымша cookie файлдарын пайдаланамыз және дербес деректеріңізді өңдейміз. Таңдауыңызды кез келген уақытта өзгертуге немесе келісіміңізді қайтарып алуға болады.
banner-policy-link = Құпиялылық саясаты
action-accept-all = Барлығын қабылдау
action-reject-all = Барлығынан бас тарту
action-settings = Баптаулар
action-save = Таңдауды сақтау
action-close = Жабу
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
category-marketing-description = Сізге қызықты жарнаманы көрсету және оның тиімділігін өлшеу үшін қолданылады.
language-label = Тіл
lang-kk = Қазақша
lang-ru = Русский
lang-en = English

# Preference center (second layer) and the disclosures of law 94-V Art. 8(4).
prefs-services = Қызметтер мен cookie файлдары
prefs-data = Жиналатын деректер
service-provider = Жеткізуші
service-purpose = Мақсаты
service-country = Ел
cookie-name = Атауы
cookie-lifetime = Сақтау мерзімі
cookie-description = Не үшін қажет
disclosures-title = Келісім туралы мәліметтер
operator-label = Дербес деректер операторы
operator-bin = БСН
contact-label = Дербес деректер бойынша байланыс
contact-email = Электрондық пошта
contact-phone = Телефон
contact-address = Мекенжай
contact-hours = Жұмыс уақыты
response-deadline = Өтінішке { $days } күнтізбелік күн ішінде жауап береміз.
validity = Келісім 13 ай әрекет етеді, содан кейін біз сізден қайта сұраймыз.
validity-until = Қазіргі келісіміңіздің аяқталу күні: { $date }.
third-parties-yes = Деректер үшінші тұлғаларға берілуі мүмкін: { $list }.
third-parties-no = Деректер үшінші тұлғаларға берілмейді.
cross-border-yes = Деректер трансшекаралық берілуі мүмкін, елдер: { $list }.
cross-border-no = Деректер Қазақстан аумағынан тыс берілмейді.
countries-unspecified = елдер көрсетілмеген
published-yes = Дербес деректер жалпыға қолжетімді көздерде жариялануы мүмкін.
published-no = Дербес деректер жарияланбайды.
action-withdraw = Келісімді қайтарып алу
floating-label = Cookie баптаулары

# Global Privacy Control.
gpc-note = Браузеріңіз Global Privacy Control (GPC) сигналын жіберді, сондықтан мына санаттар өшірулі: { $categories }. Оларды өзіңіз қоса аласыз.

# Gated iframes: the placeholder shown until the visitor allows the category.
placeholder-text = «{ $content }» сыртқы қызметтен жүктеледі, ал ол қызмет дербес деректерді жинап, cookie файлдарын пайдалана алады. Бұл мазмұн «{ $category }» санатына рұқсат бергенде ғана көрсетіледі.
placeholder-text-untitled = Бұл мазмұн сыртқы қызметтен жүктеледі, ал ол қызмет дербес деректерді жинап, cookie файлдарын пайдалана алады. Мазмұн «{ $category }» санатына рұқсат бергенде ғана көрсетіледі.
placeholder-allow = «{ $category }» санатына рұқсат беру

# Consent receipt.
receipt-title = Келісіміңіздің түбіртегі
receipt-text = Жазба { $record } · келісім { $consent } · { $time } · саясат нұсқасы: { $policy }
receipt-download = Түбіртекті жүктеп алу (JSON)
