# Тексты конфигуратора (bundle/configurator), отдельно от текстов баннера.

cfg-page-title = Конфигуратор kelisim
cfg-title = Конфигуратор баннера cookie
cfg-intro = Заполните оператора, политику, категории и сервисы. Настоящий баннер сразу обновляется в окне предпросмотра, а ниже появляется готовый код для сайта. Настройки, которые не примет баннер, не примет и конфигуратор.
cfg-ui-language = Язык конфигуратора
cfg-lang-kk = Қазақша
cfg-lang-ru = Русский
cfg-lang-en = English
cfg-status-valid = Настройки верны: баннер их примет.
cfg-status-invalid = { $count ->
        [one] { $count } ошибка
        [few] { $count } ошибки
       *[many] { $count } ошибок
    }: баннер не примет эти настройки.
cfg-summary-title = Сообщения, не относящиеся ни к одному полю
cfg-error = Ошибка
cfg-warning = Предупреждение

cfg-section-load = Открыть существующие настройки
cfg-profiles = Демонстрационные профили
cfg-load-paste = Вставьте сюда JSON или код с сайта
cfg-load-button = Открыть вставленное
cfg-load-file = Открыть файл JSON
cfg-load-failed = Не удалось открыть: { $reason }
cfg-load-done = Настройки открыты.
cfg-load-scan-done = Найденные проверкой службы добавлены: { $services }
cfg-new = Начать с новых настроек

cfg-section-operator = Оператор персональных данных
cfg-operator-name = Наименование оператора
cfg-operator-bin = БИН (12 цифр)
cfg-operator-email = Электронная почта
cfg-operator-phone = Телефон
cfg-operator-address = Адрес
cfg-operator-hours = Часы работы
cfg-operator-days = Срок ответа на обращение (дней)

cfg-section-policy = Политика конфиденциальности
cfg-policy-url = Ссылка на политику
cfg-policy-version = Версия политики
cfg-revision = Редакция настроек (при изменении согласие запрашивается заново)

cfg-section-languages = Языки
cfg-languages = Языки баннера
cfg-language = Показывать только один язык
cfg-language-none = Нет: язык посетителя

cfg-section-categories = Категории и сервисы
cfg-category = Категория: { $id }
cfg-category-id = Идентификатор (a–z, 0–9, - и _)
cfg-category-required = Всегда включена (посетитель не может отключить)
cfg-category-name = Название
cfg-category-description = Описание
cfg-category-add = Добавить категорию
cfg-category-remove = Удалить эту категорию
cfg-service = Сервис: { $id }
cfg-service-id = Идентификатор (a–z, 0–9, - и _)
cfg-service-name = Название
cfg-service-provider = Поставщик услуг
cfg-service-purpose = Цель
cfg-service-country = Страна поставщика (код ISO 3166-1, например US)
cfg-service-cookies = Имена cookie через запятую
cfg-service-add = Добавить свой сервис в эту категорию
cfg-service-remove = Удалить этот сервис
cfg-known = Известный сервис
cfg-known-add = Добавить сервис
cfg-known-added = Добавлен: { $name }.

cfg-section-transfer = Трансграничная передача и записи согласий
cfg-cross-border = Страны, в которые передаются данные (коды ISO 3166-1 через запятую)
cfg-endpoint = Адрес, принимающий записи согласий

cfg-section-theme = Цвета баннера
cfg-theme-light = Светлая тема
cfg-theme-dark = Тёмная тема
cfg-colour-background = Фон
cfg-colour-text = Текст
cfg-colour-muted = Дополнительный текст
cfg-colour-accent = Основной цвет
cfg-colour-accent-text = Текст кнопок
cfg-colour-border = Рамка
cfg-colour-focus = Индикатор фокуса
cfg-contrast-low = Недостаточный контраст: { $pair } ({ $mode }) — { $ratio }:1, нужно не меньше 4,5:1.

cfg-preview-title = Предпросмотр
cfg-preview-frame = Предпросмотр баннера
cfg-preview-language = Язык баннера
cfg-preview-scheme = Цветовая тема
cfg-scheme-light = Светлая
cfg-scheme-dark = Тёмная
cfg-preview-width = Ширина экрана
cfg-width-phone = Телефон, 360 пикселей
cfg-width-desktop = Компьютер, 1024 пикселя
cfg-preview-screen = Вид
cfg-screen-banner = Баннер
cfg-screen-preferences = Окно настроек
cfg-preview-stale = В настройках есть ошибки: предпросмотр показывает последний верный вариант.
cfg-preview-page = Это образец страницы сайта. Баннер показывается поверх неё.

cfg-section-output = Код для сайта
cfg-output-embed = Код для раздела head страниц сайта
cfg-output-invalid = Сначала исправьте ошибки: баннер не примет эти настройки.
cfg-loader = Как загружается баннер
cfg-loader-async = Рекомендуемый способ
cfg-loader-async-help = Загрузчик не задерживает страницу, файлы баннера загружаются сразу.
cfg-loader-autoblock = Автоматическая блокировка
cfg-loader-autoblock-help = Скрипты известных трекеров (Google Analytics, Yandex Metrica, Meta Pixel и другие) не запускаются, пока их категория не разрешена. Вставьте этот код в начало раздела head, до кода трекеров.
cfg-loader-one = Один файл
cfg-loader-one-help = Баннер приходит в файле загрузчика: на медленной сети он появляется раньше, а файл больше примерно на 3 КБ.
cfg-copy = Скопировать код
cfg-copied = Код скопирован.
cfg-copy-manual = Код выделен: нажмите Ctrl+C, чтобы скопировать.
cfg-download = Скачать файл JSON
