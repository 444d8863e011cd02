# Russian: the same content as Kazakh. Words as in law 94-V (see locales/glossary.json):
# персональные данные, сбор и обработка, отзыв согласия, действует, файлы cookie,
# идентификатор, поставщик услуг, подтверждение согласия.

banner-label = Согласие на файлы cookie
banner-title = Файлы cookie и персональные данные
banner-text = Мы всегда используем файлы cookie, без которых сайт не работает. С вашего согласия мы также используем дополнительные файлы cookie, собираем и обрабатываем ваши персональные данные для { $purposes }.
# $purposes: the phrases below of the site's optional categories, joined by src/purposes.rs
# («A, B и C»); each is in the genitive after «для».
banner-text-necessary-only = Мы используем только файлы cookie, без которых сайт не работает.
banner-purpose-preferences = запоминания вашего выбора
banner-purpose-analytics = анализа посещений сайта
banner-purpose-marketing = показа рекламы
banner-purpose-other = целей категории «{ $category }»
banner-list-and = и
banner-policy-link = Политика конфиденциальности

# First layer: what law 94-V Art. 8(4) asks, in one or two sentences built from the configuration.
# Sentence 1 (who, third parties): $operator is the operator's name from the configuration.
banner-disclosure-operator = Оператор: { $operator }; ваши персональные данные могут передаваться третьим лицам.
banner-disclosure-operator-no-third-parties = Оператор: { $operator }; ваши персональные данные не передаются третьим лицам.
banner-disclosure-no-operator = Ваши персональные данные могут передаваться третьим лицам.
banner-disclosure-no-operator-no-third-parties = Ваши персональные данные не передаются третьим лицам.
# Sentence 2 (border, validity, withdrawal): $countries is the list of country names.
banner-disclosure-cross-border = Возможна трансграничная передача, страны назначения: { $countries }; согласие действует 13 месяцев, отозвать его можно в настройках файлов cookie.
banner-disclosure-cross-border-unspecified = Возможна трансграничная передача (страны не указаны); согласие действует 13 месяцев, отозвать его можно в настройках файлов cookie.
banner-disclosure-no-cross-border = Трансграничная передача не осуществляется; согласие действует 13 месяцев, отозвать его можно в настройках файлов cookie.
# The operator's name with its BIN, when the configuration has one.
banner-operator-bin = { $operator }, БИН { $bin }
banner-disclosure-published-yes = Персональные данные могут распространяться в общедоступных источниках.
banner-disclosure-published-no = Персональные данные не распространяются в общедоступных источниках.

action-accept-all = Принять все
action-reject-all = Отклонить все
action-settings = Настройки
action-save = Сохранить выбор
action-close = Закрыть
# Said while the preference center loads (the first layer's busy dialog, read by screen readers).
settings-loading = Открываются настройки файлов cookie, подождите.
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
category-marketing-description = Используются, чтобы показывать рекламу на основе ваших интересов и измерять её эффективность.
language-label = Язык
lang-kk = Қазақша
lang-ru = Русский
lang-en = English

# Preference center (second layer) and the disclosures of law 94-V Art. 8(4).
prefs-services = Сервисы и файлы cookie
prefs-data = Собираемые персональные данные
service-provider = Поставщик услуг
service-purpose = Цель
service-country = Страна
cookie-name = Название
cookie-lifetime = Срок хранения
cookie-description = Назначение
cookie-days = { $days } { $days ->
        [one] день
        [few] дня
       *[other] дней
    }
cookie-session = До закрытия браузера
disclosures-title = Сведения о согласии
operator-label = Оператор базы, содержащей персональные данные
operator-bin = БИН
contact-label = Контакты по вопросам персональных данных
contact-email = Электронная почта
contact-phone = Телефон
contact-address = Адрес
contact-hours = Часы работы
# $days: a whole number (i18n::fill_count). «В течение» takes the genitive: 1, 21, 101
# календарного дня (CLDR one); 2, 5, 11, 30 календарных дней (few, many). The default is the
# plural, so the language-blind i18n::fill also reads right for most numbers.
response-deadline = Мы отвечаем на обращения в течение { $days } { $days ->
        [one] календарного дня
       *[other] календарных дней
    }.
validity = Согласие действует 13 месяцев, затем мы спросим вас снова.
validity-until = Ваше текущее согласие действует до { $date }.
third-parties-yes = Персональные данные могут передаваться третьим лицам: { $list }.
third-parties-no = Персональные данные не передаются третьим лицам.
# $list: country names, or countries-unspecified.
cross-border-yes = Возможна трансграничная передача персональных данных, страны назначения: { $list }.
cross-border-no = Персональные данные не передаются за пределы Казахстана.
countries-unspecified = не указаны
published-yes = Персональные данные могут распространяться в общедоступных источниках.
published-no = Персональные данные не распространяются в общедоступных источниках.
action-withdraw = Отозвать согласие
floating-label = Настройки файлов cookie

# Global Privacy Control. $count: how many categories $categories names (i18n::fill_count).
gpc-note = Ваш браузер передал сигнал Global Privacy Control (GPC), поэтому { $count ->
        [1] следующая категория отключена
       *[other] следующие категории отключены
    }: { $categories }. Вы можете включить { $count ->
        [1] её
       *[other] их
    } сами.

# Gated iframes: the placeholder shown until the visitor allows the category.
placeholder-text = «{ $content }» загружается с внешнего сервиса, который может собирать персональные данные и использовать файлы cookie. Этот контент показывается, только если вы разрешите категорию «{ $category }».
placeholder-text-untitled = Этот контент загружается с внешнего сервиса, который может собирать персональные данные и использовать файлы cookie. Он показывается, только если вы разрешите категорию «{ $category }».
placeholder-allow = Разрешить категорию «{ $category }»

# Consent receipt.
receipt-title = Подтверждение согласия
receipt-text = Запись { $record } · согласие { $consent } · { $time } · версия политики: { $policy }
receipt-download = Скачать подтверждение согласия (JSON)

# Consent to processing in the site's own forms (data-kelisim-form).
processing-title = Согласие на сбор и обработку персональных данных
processing-label = Даю согласие на сбор и обработку моих персональных данных с целью: { $purpose }
processing-required = (обязательно)
processing-more = Полный текст согласия
processing-text-operator = Оператор: { $operator }, БИН { $bin }
processing-text-operator-no-bin = Оператор: { $operator }
processing-text-purpose = Цель обработки: { $purpose }
processing-text-data = Персональные данные: { $data }
processing-text-term = Срок действия согласия: { $term }
processing-third-parties-yes = Персональные данные могут передаваться третьим лицам.
processing-withdraw = Вы можете отозвать это согласие в настройках файлов cookie этого сайта, за исключением случаев, когда это противоречит законам Республики Казахстан, либо при наличии неисполненного обязательства. Отзыв направляется оператору, который обязан прекратить сбор и обработку ваших персональных данных.

processing-required-message = Чтобы отправить форму, отметьте это согласие: без него ваше обращение не может быть обработано.
processing-broken = Эту форму нельзя отправить: в настройках согласия на сбор и обработку персональных данных ошибка ({ $key }). Сообщите, пожалуйста, владельцу сайта.
processing-no-bin = Эту форму нельзя отправить: не указан БИН оператора, а без него согласие на сбор и обработку персональных данных получить нельзя.
processing-list-title = Согласия на сбор и обработку персональных данных в формах сайта
processing-list-text = Согласия на сбор и обработку персональных данных, которые вы дали в формах этого сайта на этом устройстве.
processing-item = { $purpose } (форма «{ $form }»), дано { $date }
processing-item-withdrawn = Отозвано { $date }
processing-withdraw-label = Отозвать согласие: { $purpose }
