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
