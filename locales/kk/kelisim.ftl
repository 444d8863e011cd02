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
