# Russian: the same content as Kazakh.

banner-label = Согласие на файлы cookie
banner-title = Файлы cookie и персональные данные
banner-text = Мы всегда используем файлы cookie, без которых сайт не работает. С вашего согласия мы также используем дополнительные файлы cookie и обрабатываем ваши персональные данные, чтобы улучшать сайт, запоминать ваши настройки и показывать рекламу. Вы можете изменить выбор или отозвать согласие в любое время.
banner-policy-link = Политика конфиденциальности
action-accept-all = Принять все
action-reject-all = Отклонить все
action-settings = Настройки
action-save = Сохранить выбор
action-close = Закрыть
settings-title = Настройки файлов cookie
settings-text = Выберите, какие категории вы разрешаете. Необходимые файлы cookie отключить нельзя.
category-always-on = Всегда включены
category-necessary-name = Необходимые
category-necessary-description = Нужны для основной работы и безопасности сайта. Без них сайт работает неправильно.
category-preferences-name = Предпочтения
category-preferences-description = Запоминают ваш выбор, например язык и регион.
category-analytics-name = Аналитика
category-analytics-description = Помогают считать посещения и улучшать сайт.
category-marketing-name = Реклама
category-marketing-description = Используются, чтобы показывать интересную вам рекламу и измерять её эффективность.
language-label = Язык
lang-kk = Қазақша
lang-ru = Русский
lang-en = English

# Preference center (second layer) and the disclosures of law 94-V Art. 8(4).
prefs-services = Сервисы и файлы cookie
prefs-data = Собираемые данные
service-provider = Поставщик
service-purpose = Цель
service-country = Страна
cookie-name = Название
cookie-lifetime = Срок хранения
cookie-description = Назначение
disclosures-title = Сведения о согласии
operator-label = Оператор персональных данных
operator-bin = БИН
contact-label = Контакты по вопросам персональных данных
contact-email = Электронная почта
contact-phone = Телефон
contact-address = Адрес
contact-hours = Часы работы
response-deadline = Мы отвечаем на обращения в течение { $days } календарных дней.
validity = Согласие действует 13 месяцев, затем мы спросим вас снова.
validity-until = Ваше текущее согласие действует до { $date }.
third-parties-yes = Данные могут передаваться третьим лицам: { $list }.
third-parties-no = Данные не передаются третьим лицам.
cross-border-yes = Возможна трансграничная передача данных, страны: { $list }.
cross-border-no = Данные не передаются за пределы Казахстана.
countries-unspecified = страны не указаны
published-yes = Персональные данные могут публиковаться в общедоступных источниках.
published-no = Персональные данные не публикуются.
action-withdraw = Отозвать согласие
floating-label = Настройки cookie

# Global Privacy Control.
gpc-note = Ваш браузер передал сигнал Global Privacy Control (GPC), поэтому эти категории отключены: { $categories }. Вы можете включить их сами.

# Gated iframes: the placeholder shown until the visitor allows the category.
placeholder-text = «{ $content }» загружается с внешнего сервиса, который может собирать персональные данные и использовать файлы cookie. Этот контент показывается, только если вы разрешите категорию «{ $category }».
placeholder-text-untitled = Этот контент загружается с внешнего сервиса, который может собирать персональные данные и использовать файлы cookie. Он показывается, только если вы разрешите категорию «{ $category }».
placeholder-allow = Разрешить категорию «{ $category }»

# Consent receipt.
receipt-title = Квитанция вашего согласия
receipt-text = Запись { $record } · согласие { $consent } · { $time } · версия политики: { $policy }
receipt-download = Скачать квитанцию (JSON)
