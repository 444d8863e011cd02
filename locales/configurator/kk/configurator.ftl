# The configurator's texts (bundle/configurator), kept apart from the banner's locales: build.rs
# never compiles them into the banner. Kazakh: always complete; the other files have exactly
# these ids (tests/locales.rs). Terms as in the banner: дербес деректер, оператор, БСН.

cfg-page-title = kelisim конфигураторы
cfg-title = Cookie баннерінің конфигураторы
cfg-intro = Операторды, саясатты, санаттар мен қызметтерді толтырыңыз. Нағыз баннер алдын ала қарау терезесінде бірден жаңарады, ал төменде сайтқа қоюға дайын код шығады. Баннер қабылдамайтын баптауларды конфигуратор да қабылдамайды.
cfg-ui-language = Конфигуратор тілі
cfg-lang-kk = Қазақша
cfg-lang-ru = Русский
cfg-lang-en = English
cfg-status-valid = Баптаулар дұрыс: баннер оларды қабылдайды.
cfg-status-invalid = Қателер саны: { $count }. Баннер бұл баптауларды қабылдамайды.
cfg-summary-title = Ешбір өріске жатпайтын хабарлар
cfg-error = Қате
cfg-warning = Ескерту

cfg-section-load = Бар баптауларды ашу
cfg-profiles = Демо профильдер
cfg-load-paste = JSON немесе сайттағы кодты осында қойыңыз
cfg-load-button = Қойылғанды ашу
cfg-load-file = JSON файлын ашу
cfg-load-failed = Ашылмады: { $reason }
cfg-load-done = Баптаулар ашылды.
cfg-load-scan-done = Тексеру тапқан қызметтер қосылды: { $services }
cfg-new = Жаңа баптаулардан бастау

cfg-section-operator = Дербес деректер операторы
cfg-operator-name = Оператордың атауы
cfg-operator-bin = БСН (12 цифр)
cfg-operator-email = Электрондық пошта
cfg-operator-phone = Телефон
cfg-operator-address = Мекенжай
cfg-operator-hours = Жұмыс уақыты
cfg-operator-days = Өтінішке жауап беру мерзімі (күн)

cfg-section-policy = Құпиялылық саясаты
cfg-policy-url = Саясаттың сілтемесі
cfg-policy-version = Саясаттың нұсқасы
cfg-revision = Баптаулардың редакциясы (өзгерсе, келісім қайта сұралады)

cfg-section-languages = Тілдер
cfg-languages = Баннер ұсынатын тілдер
cfg-language = Тек бір тілді көрсету
cfg-language-none = Жоқ: келушінің тілі

cfg-section-categories = Санаттар мен қызметтер
cfg-category = Санат: { $id }
cfg-category-id = Идентификатор (a–z, 0–9, - және _)
cfg-category-required = Әрқашан қосулы (келуші өшіре алмайды)
cfg-category-name = Атауы
cfg-category-description = Сипаттамасы
cfg-category-add = Жаңа санат қосу
cfg-category-remove = Бұл санатты жою
cfg-service = Қызмет: { $id }
cfg-service-id = Идентификатор (a–z, 0–9, - және _)
cfg-service-name = Атауы
cfg-service-provider = Қызмет көрсетуші
cfg-service-purpose = Мақсаты
cfg-service-country = Қызмет көрсетушінің елі (ISO 3166-1 коды, мысалы US)
cfg-service-cookies = Cookie атаулары, үтір арқылы
cfg-service-add = Осы санатқа өз қызметін қосу
cfg-service-remove = Бұл қызметті жою
cfg-known = Белгілі қызмет
cfg-known-add = Қызметті қосу
cfg-known-added = Қосылды: { $name }.

cfg-section-transfer = Трансшекаралық беру және келісім жазбалары
cfg-cross-border = Деректер берілетін елдер (ISO 3166-1 кодтары, үтір арқылы)
cfg-endpoint = Келісім жазбаларын қабылдайтын мекенжай

cfg-section-theme = Баннердің түстері
cfg-theme-light = Жарық режим
cfg-theme-dark = Қараңғы режим
cfg-colour-background = Фон
cfg-colour-text = Мәтін
cfg-colour-muted = Қосымша мәтін
cfg-colour-accent = Негізгі түс
cfg-colour-accent-text = Батырма мәтіні
cfg-colour-border = Жиек
cfg-colour-focus = Фокус белгісі
cfg-contrast-low = Контраст жеткіліксіз: { $pair } ({ $mode }) — { $ratio }:1, кемінде 4,5:1 керек.

cfg-preview-title = Алдын ала қарау
cfg-preview-frame = Баннердің алдын ала көрінісі
cfg-preview-language = Баннер тілі
cfg-preview-scheme = Түс режимі
cfg-scheme-light = Жарық
cfg-scheme-dark = Қараңғы
cfg-preview-width = Экран ені
cfg-width-phone = Телефон, 360 пиксель
cfg-width-desktop = Компьютер, 1024 пиксель
cfg-preview-screen = Көрініс
cfg-screen-banner = Баннер
cfg-screen-preferences = Баптаулар терезесі
cfg-preview-stale = Баптауларда қате бар: алдын ала қарау соңғы дұрыс нұсқаны көрсетіп тұр.
cfg-preview-page = Бұл — сайт бетінің үлгісі. Баннер оның үстінде көрсетіледі.

cfg-section-output = Сайтқа қою
cfg-output-embed = Сайт бетінің head бөліміне қойылатын код
cfg-output-invalid = Алдымен қателерді түзетіңіз: баннер бұл баптауларды қабылдамайды.
cfg-loader = Баннер қалай жүктеледі
cfg-loader-async = Ұсынылатын тәсіл
cfg-loader-async-help = Жүктеуші бетті кідіртпейді, баннер файлдары бірден жүктеледі.
cfg-loader-autoblock = Автоматты бұғаттау
cfg-loader-autoblock-help = Белгілі трекерлердің (Google Analytics, Yandex Metrica, Meta Pixel және басқалары) скрипттері олардың санатына рұқсат берілгенше іске қосылмайды. Бұл кодты head бөлімінің басына, трекерлер кодынан бұрын қойыңыз.
cfg-loader-one = Бір файл
cfg-loader-one-help = Баннер жүктеушінің өз файлымен келеді: баяу желіде ол ертерек шығады, ал файл шамамен 3 КБ үлкенірек.
cfg-copy = Кодты көшіру
cfg-copied = Код көшірілді.
cfg-copy-manual = Код белгіленді: көшіру үшін Ctrl+C басыңыз.
cfg-download = JSON файлын жүктеп алу
