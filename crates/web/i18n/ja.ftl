## Bayanihan — 日本語

site-name = Bayanihan
skip-to-content = 本文へ移動
nav-home = ホーム
nav-directory = 団体一覧
nav-sign-in = ログイン
nav-sign-out = ログアウト
nav-language = 言語
lang-switch = 変更
footer-text = Bayanihan — 社会的連帯経済のためのソフトウェア。使う人たち自身が所有しています。

landing-title = Bayanihanへようこそ
landing-intro = 社会的連帯経済のネットワークを支えるプラットフォームです。生産者協同組合、自助グループ、社会的企業、消費者グループが連帯して取引し、価格の内訳はだれでも見ることができます。
landing-try = 団体一覧を見たり、サイクルのお店を開いて1円ごとの行き先を確かめたり、ログインして注文したりできます。
landing-open-cycles = 受付中の注文サイクル
landing-demo-title = デモ用ログイン
landing-demo-intro = これは架空のネットワークを使ったデモです。デモ用の人物はみんな同じパスワードです。
landing-demo-email = メール
landing-demo-password = パスワード
landing-demo-who = 人物

signin-title = ログイン
signin-email = メールアドレスまたはサインイン名
signin-password = パスワード
signin-submit = ログイン
signin-error-credentials = メールアドレスまたはパスワードが正しくありません。
signin-error-too-many = 試行回数が多すぎます。{ $seconds }秒待ってから、もう一度お試しください。
signin-error-email = maria@example.org のようなメールアドレスを入力してください。
error-csrf = このフォームは有効期限が切れました。もう一度お試しください。

directory-title = 団体一覧
directory-count = { $count ->
   *[other] { $count }団体
}
directory-filter-country = 国（コード）
directory-filter-kind = 種類
directory-filter-any = すべて
directory-filter-submit = 絞り込む
directory-col-name = 名前
directory-col-kind = 種類
directory-col-country = 国
directory-none = この条件に合う団体はありません。
directory-bad-filter = 絞り込みの条件が正しくありません：{ $reason }
page-next = 次のページ
page-previous = 前のページ

org-kind = 種類
org-country = 国
org-region = 地域
org-roles = バリューチェーンでの役割
org-qualifiers = 特徴
org-currency = 通貨
org-networks = ネットワークとメンバー
org-products = 商品

home-title = こんにちは、{ $name }さん
home-open-cycles = 注文できる受付中のサイクル
home-no-open-cycles = いま、あなたのグループで受付中のサイクルはありません。
home-run-cycles = あなたのハブが運営するサイクル
home-owed = まだ支払う・受け取る金額
home-nothing-owed = 未精算のものはありません。

shop-title = お店
shop-closes = 注文の締め切り：{ $time }
shop-delivery = お届け日：{ $date }
shop-closed = このサイクルは締め切られました。
shop-breakdown = お金の行き先
shop-producer-gets = { $total }のうち、生産者には{ $producer }が届きます。
shop-total = 合計
shop-quantity = 数量
shop-group = 注文するグループ
shop-order-submit = 注文に追加する
shop-sign-in-to-order = 注文するにはログインしてください。
shop-ordered = 注文に追加しました。
shop-my-order = わたしの注文
shop-no-offers = このサイクルにはまだ出品がありません。

order-title = わたしの注文
order-col-product = 商品
order-col-quantity = 希望数
order-col-allocated = 受け取り数
order-col-total = 合計
order-empty = このサイクルではまだ何も注文していません。
order-estimated = サイクルが締め切られて品物が分けられるまで、合計は見込みの金額です。
order-cancel = 取り消す

part-producer = 生産者
part-processing = 加工
part-packing = 梱包
part-transport = 輸送
part-coordination = 取りまとめ
part-solidarity_fund = 連帯基金
part-tax = 税金

kind-producer_cooperative = 生産者協同組合
kind-worker_cooperative = 労働者協同組合
kind-consumer_cooperative = 消費者協同組合
kind-multi_stakeholder_cooperative = マルチステークホルダー協同組合
kind-credit_cooperative = 信用協同組合
kind-self_help_group = 自助グループ
kind-social_enterprise = 社会的企業
kind-association = 協会・NGO
kind-network = ネットワーク
kind-local_government_unit = 地方自治体
kind-private_company = 民間企業
kind-academic_institution = 学術機関

error-not-found = ページが見つかりません
error-not-found-text = このアドレスにはページがありません。
error-generic = 問題が発生しました。途中まで保存されたものはありません。もう一度お試しください。

manage-title = サイクルの運営
manage-link = このサイクルを運営する
manage-close = 今すぐサイクルを締め切る
manage-clone = 来週用にコピーする
manage-closed-now = サイクルを締め切りました。品物を分け、請求書と明細書を作成しました。
manage-allocations = 各行の希望数と受け取り数
col-group = 消費者グループ
col-product = 商品
col-requested = 希望数
col-allocated = 受け取り数
col-reason = 理由
manage-packing = 梱包リスト
manage-packing-by-producer = 生産者別
manage-documents = 請求書と明細書
doc-invoice = 請求書
doc-producer_statement = 生産者向け明細書
doc-fee_statement = 手数料の明細書
packing-title = 梱包リスト
packing-no-pickup = 受け取り場所なし
invoice-title = 請求書
statement-title = 明細書
money-title = お金
money-link = お金の管理
money-balances = 残高
money-obligations = まだ支払う・受け取る金額
money-due = 期限
money-amount = 金額
money-method = 支払い方法
money-reference = 参照番号（任意）
money-record = 支払いを記録する
money-recorded = 支払いを記録しました。
money-none = 未精算のものはありません。
method-cash = 現金
method-bank_transfer = 銀行振込
method-mobile_money = スマホ決済
account-receivable = 受け取る予定
account-payable = 支払う予定
account-cash = 受け取った・支払った現金

members-title = メンバー
members-link = メンバー
members-col-name = 名前
members-col-roles = 役割
members-col-stakeholder = 立場
members-add = メンバーの追加
members-email = メールアドレスまたはサインイン名
members-name = 名前（新しく加わる人の場合）
members-role = 役割
members-stakeholder = 立場
members-add-submit = 追加する
members-added = メンバーを追加しました。
members-remove = 外す
role-member = メンバー
role-coordinator = 取りまとめ役
role-treasurer = 会計担当
role-admin = 管理者
stakeholder-producer = 生産者
stakeholder-consumer = 消費者
stakeholder-worker = 労働者
stakeholder-supporter = 支援者
network-overview = ネットワークの概要
network-inside = { $count ->
   *[other] このネットワークに加わっている団体：{ $count }団体
}
network-outstanding = 加盟団体どうしの未精算
newcycle-title = 注文サイクルを開く
newcycle-link = 注文サイクルを開く
newcycle-name = 名前
newcycle-policy = 品物が足りないとき
policy-first_come = 先着順
policy-pro_rata = 希望数に応じて按分
policy-equal_share = 均等に分ける
newcycle-opens = 注文の受付開始
newcycle-closes = 注文の締め切り
newcycle-delivery = お届け日
newcycle-pickup = 受け取り場所（任意）
newcycle-producers = 生産者
newcycle-groups = 消費者グループ
newcycle-submit = サイクルを開く

group-order-title = グループの注文
group-order-link = グループの注文
col-member = メンバー
shop-only-left = 残りは{ $count }個です。数を減らしてください。

directory-filter-qualifier = 特徴
directory-filter-network = ネットワーク

error-fields = 次の項目を確認してください：{ $fields }。
error-forbidden = あなたの役割では、この操作はできません。
error-forbidden-text = 必要な場合は、団体の管理者にそのための役割を付けてもらってください。
error-conflict = すでに記録されている内容と矛盾します。
members-error-exists = この人はすでにメンバーです。
members-error-last-admin = 団体には管理者が少なくとも1人必要です。先にほかの人を管理者にしてください。
money-error-too-much = まだ支払う金額は{ $amount }だけです。
field-email = メールアドレス
field-name = 名前
field-quantity = 数量
field-amount = 金額
field-method = 支払い方法
field-roles = 役割
field-stakeholder = 立場
field-policy = 品物が足りないとき
field-opens_at = 注文の受付開始
field-closes_at = 注文の締め切り
field-delivery_date = お届け日
field-pickup_points = 受け取り場所
qualifier-organic = 有機
qualifier-agroecological = アグロエコロジー
qualifier-fair-trade = フェアトレード
qualifier-gender-equity = ジェンダー平等
qualifier-indigenous-traditional = 先住民・伝統的
qualifier-peasant-family-farming = 小農・家族農業
qualifier-local = 地元
qualifier-self-management = 自主管理
qualifier-commons = コモンズ
qualifier-pgs-certified = PGS認証（参加型保証）
vcrole-producer = 生産者
vcrole-processor = 加工者
vcrole-hub = ハブ
vcrole-consumer_group = 消費者グループ
vcrole-financier = 出資者
vcrole-supporter = 支援者

# Impact reports
report-title = インパクト報告
report-period = 期間
report-before = 前の期間
report-money-goes = 消費者のお金の行き先
report-figures = 指標
report-indicator = 指標
report-trend = 生産者への支払額の推移
report-by-country = 国別
report-by-chain = バリューチェーン別
report-factors = 排出係数
report-scope = 対象
report-show = 表示
report-csv = CSVをダウンロード
report-json = JSONをダウンロード
report-suppressed = { $threshold }人未満に関する数値は表示せず「<{ $threshold }」と示します。
report-money-flow = お金の行き先
report-people = 人数
report-not-said = 未回答
nav-reports = インパクト報告
group-women = 女性
group-youth = 若者（30歳未満）
group-elderly = 高齢者（60歳以上）
group-disability = 障がいのある人
group-informal_sector = インフォーマル部門の世帯
group-overseas_worker = 海外出稼ぎ労働者の世帯
gender-woman = 女性
gender-man = 男性
gender-non_binary = ノンバイナリー
gender-prefer_not_to_say = 回答しない
category-rice = 米
category-grains = 穀物
category-pulses = 豆類
category-vegetables = 野菜
category-fruit = 果物
category-coffee = コーヒー
category-cacao = カカオ
category-tea = 茶
category-spices = 香辛料
category-dairy = 乳製品
category-eggs = 卵
category-meat = 肉
category-fish = 魚介類
category-processed_food = 加工食品
category-handicrafts = 手工芸品
category-textiles = 織物
category-other = その他

# Clearing rounds
clearing-link = 相殺ラウンド
clearing-title = 相殺
clearing-explain = 相殺ラウンドは、ネットワーク内の組織間で循環する債務を、お金を動かさずに帳消しにします。各組織の純額は変わりません。
clearing-currency = 通貨
clearing-propose = ラウンドを提案
clearing-rounds = ラウンド
clearing-none = まだラウンドはありません。
clearing-round = 相殺ラウンド
clearing-status = 状態
clearing-proposed = 提案日時
clearing-total = 対象の債務
clearing-cleared = 現金なしで相殺
clearing-effects = 各組織への影響
clearing-org = 組織
clearing-owes = 支払うべき額（前 → 後）
clearing-owed = 受け取るべき額（前 → 後）
clearing-saved = 節約された資金
clearing-net-unchanged = 各組織の受取額から支払額を引いた額は前後で同じです。
clearing-apply = このラウンドを適用
clearing-discard = 破棄
clearing-applied = ラウンドを適用しました。すべての組織の相殺が記録されました。
clearing-discarded = ラウンドを破棄しました。
clearing-stale = 提案後に支払いや変更があった債務があります。新しいラウンドを提案してください。
clearing-closed = このラウンドはすでに適用または破棄されています。
clearing-bad-currency = JPY のような通貨コードを選んでください。
round-proposed = 提案中
round-applied = 適用済み
round-discarded = 破棄
round-stale = 失効：再提案してください

# Packaging returns
manage-report = このサイクルのインパクト
manage-returns = 返却された包装
manage-returned-units = 返却数
manage-record-returns = 記録
manage-returned = 返却された包装を記録しました。
manage-returned-bad = 返却数を1以上の整数で入力してください。

# Impact data
impact-data-link = インパクトデータ
impact-data-title = インパクトデータ
impact-data-report = この組織のインパクト報告
impact-data-jobs = 雇用
impact-data-fte = 常勤換算（例：3.5）
impact-data-gender = 性別
impact-data-from = 開始日
impact-data-to = 終了日
impact-data-declare = 申告
impact-data-prices = 参考市場価格
impact-data-prices-note = 同じ産品の地元市場価格（価格プレミアム指標用）。対象サイクルの締切前に入力してください。
impact-data-price = 1単位の価格
impact-data-region = 地域（空欄：全域）
impact-data-source = 出典
impact-data-record = 記録
impact-data-saved = 保存しました。
impact-data-bad-dates = 日付を確認してください。終了日は開始日より前にできません。
impact-data-bad-fte = 常勤換算は0より大きい数（小数2桁まで）で入力してください。
impact-data-bad-price = 1単位の価格を0より大きい値で入力してください。
impact-data-bad-source = 価格の出典を入力してください。

# Transport modes
mode-hgv = 大型貨物車
mode-truck_small = 小型トラック（3.5〜7.5 t）
mode-truck_medium = 中型トラック（7.5〜17 t）
mode-truck_large = 大型トラック（17 t超）
mode-articulated = トレーラー
mode-van = バン
mode-rail = 鉄道
mode-ship_general = 一般貨物船
mode-ship_container = コンテナ船
mode-ferry_roro = RoRo フェリー
mode-motorbike = オートバイ
mode-boat_small = 小型船
mode-on_foot = 徒歩
mode-bicycle = 自転車

# Network links (consent of both sides)
links-title = ネットワークとのつながり
links-saved = 保存しました。新しいつながりは相手側が承認してから有効になります。
link-status-invited = 招待済み（団体の管理者の承認待ち）
link-status-applied = 申請済み（ネットワークの管理者の承認待ち）
link-status-active = 加盟中
link-status-suspended = 停止中
link-status-ended = 終了
link-accept = 承認する
link-decline = 断る
link-reactivate = 停止を解除する
link-suspend = 停止する
link-end = 加盟を終了する
link-confirm = はい、終了します
link-confirm-needed = 確認してください
link-confirm-needed-text = ネットワークへの加盟を終了すると、共有しているものが外れます。「はい、終了します」にチェックを入れてもう一度送信してください。
link-invite-into = この団体を招待するネットワーク
link-invite = 招待を送る
link-apply-for = このネットワークに申請する団体
link-apply = 申請する

## 記録と矛盾する操作 (conflict-<kind>)
conflict-offers-closed = このサイクルは締め切られました。出品はもう追加できません。
conflict-withdrawals-closed = このサイクルは締め切られました。出品はもう取り下げられません。
conflict-lines-closed = このサイクルは締め切られました。注文はもう変更できません。
conflict-not-taking-orders = このサイクルは今、注文を受け付けていません。
conflict-stock-left = この出品の残りは{ $left }個です。{ $asked }個の注文はできません。
conflict-listed-twice = 同じ役割に同じ団体が2回入っています。
conflict-cannot-close = このサイクルを締められません: { $reason }
conflict-more-than-owed = この債務でまだ支払う金額は{ $owed }だけです。
conflict-ledger = 帳簿に記録できません: { $reason }
conflict-invoices-not-yet = 請求書はサイクルの締め切り時に作られます。
conflict-statements-not-yet = 明細書はサイクルの締め切り時に作られます。
conflict-not-delivered-yet = 容器の返却は、サイクルが締め切られ配達された後に記録できます。
conflict-email-taken = メールアドレス{ $email }の人はすでに登録されています。
conflict-already-member = この人はすでにメンバーです。
conflict-last-admin = 団体には管理者が少なくとも1人必要です。先にほかの人を管理者にしてください。
conflict-link-already-invited = この団体はすでに招待されています。団体の管理者はまだ返事をしていません。
conflict-link-already-applied = この団体はすでに申し込んでいます。ネットワークの管理者はまだ返事をしていません。
conflict-link-already-member = この団体はすでにネットワークのメンバーです。
conflict-link-ended = このつながりは終了しています。もう一度招待(または申し込み)してください。
conflict-link-not-active = 一時停止できるのは有効なメンバーシップだけです。
conflict-not-clearable = これらの債務は相殺できません: { $reason }
conflict-round-too-large = このラウンドの金額は大きすぎて記録できません。
conflict-round-stale = 提案後に支払いや変更があった債務があります。新しいラウンドを提案してください。
conflict-round-decided = このラウンドはすでに{ $status }です。
conflict-overflow = 合計が大きすぎて記録できません。
conflict-request-in-progress = 同じリクエストをまだ処理中です。少し待ってからもう一度お試しください。

## 注文行がこの数量になった理由 (reason-<basis>)
reason-full = この優先段階とそれより前の段階のすべての注文を満たすだけの供給がありました。
reason-first-come-none = 供給不足: 注文した順に割り当て、この注文の番には残りがありませんでした。
reason-first-come = 供給不足: 注文した順に割り当て、この注文の番には{ $remaining }個残っていました。
reason-pro-rata = 供給不足: 各注文の数量に比例して分けました(この段階の注文{ $demand }個に対して{ $supply }個)。
reason-equal-share = 供給不足: 均等に分け、各注文は{ $level }個まで受け取りました。
reason-bonus = この注文は余った分からさらに1個受け取りました。
reason-tier-exhausted = 優先段階{ $tier }の前に供給がなくなりました。上位の段階がすべてを受け取ったため、この注文には割り当てがありません。
cycle-status-open = 受付中
cycle-status-closed = 締め切り

## Closing a cycle, after a confirmation
manage-close-review = 確認してサイクルを締め切る…
close-confirm-title = サイクルを締め切りますか?
close-confirm-intro = 締め切ると、供給を割り当て、請求書と明細書を作り、各団体の債務を記録します。今締め切ると:
close-confirm-lines = { $count }件の注文行が割り当てられます
close-confirm-units = 注文された{ $requested }個のうち{ $allocated }個が渡されます
close-confirm-invoices = 請求書{ $count }通、合計{ $total }が発行されます
close-confirm-obligations = 団体間の債務{ $count }件が記録されます
close-confirm-short = 全員分には足りません。次の品はサイクルのルールで分けられます
close-confirm-short-line = { $product }: 注文{ $asked }個に対して{ $given }個
close-confirm-final = 元に戻せません。メンバーは注文を変更できなくなります。
close-confirm-back = 今はしない:サイクルに戻る

## Confirming what cannot be undone
clearing-decide-note = 適用すると上の相殺がすべて支払いとして記録され、破棄するとラウンドがなくなります。どちらも元に戻せません。
clearing-confirm-apply = はい、この相殺を適用します
clearing-confirm-discard = はい、このラウンドを破棄します
members-confirm-remove = はい、外します
confirm-needed = 確認してください
confirm-needed-text = 元に戻せません。ボタンの横のチェックを入れて、もう一度送ってください。

## Money in words
money-owes-you = { $who }からあなたへ{ $amount }の未払いがあります
money-owes-you-for = { $cycle }の分として、{ $who }からあなたへ{ $amount }の未払いがあります
money-you-owe = あなたは{ $who }へ{ $amount }を支払う必要があります
money-you-owe-for = { $cycle }の分として、あなたは{ $who }へ{ $amount }を支払う必要があります
money-net-owed = 差し引きで、{ $who }からあなたへ{ $amount }
money-net-owe = 差し引きで、あなたから{ $who }へ{ $amount }
money-net-even = { $who }との貸し借りはありません
money-overdue = 期限切れ
money-document = 請求書または明細書
money-confirm-pay = はい、記録します(支払いは後から変更されません)

## The basket on the shop page
shop-basket = このサイクルでのあなたの注文
shop-change = 変更
shop-basket-note = 数量を0にすると品物を外せます。同じ品物をもう一度注文すると、その行に足されます。
money-history = 支払いの履歴
money-no-payments = 記録された支払いはまだありません。
money-paid-you = { $who }があなたに{ $amount }を支払いました
money-you-paid = あなたは{ $who }へ{ $amount }を支払いました
money-reversal = 以前の支払いの取消し
money-reversed = 取消し済み
money-set-off = 清算ラウンドで相殺
money-round = そのラウンド
money-recorded-by = 記録者:
money-reverse = この支払いを取り消す
money-confirm-reverse = はい、取り消します(金額は再び未払いとなり、両方の記録が履歴に残ります)
money-reversed-notice = 支払いを取り消しました。その金額は再び未払いです。
conflict-payment-reversed = この支払いはすでに取り消されています。
conflict-not-reversible = 取り消せるのは金銭の支払いだけです。相殺は清算ラウンドに属します。取消しを元に戻すには、支払いをもう一度記録してください。
col-household = 世帯
doc-households = 世帯ごと
doc-household-group = グループとして注文
doc-number = 番号
doc-issued = 発行日
doc-due = 支払期日
doc-paid = 支払い済み
doc-unpaid = 未払い:残り{ $amount }
doc-how-to-pay = お支払い方法
doc-csv = CSVでダウンロード
doc-print = 印刷はブラウザの印刷機能で。メニューは印刷されません。
doc-parties = { $from }から{ $to }へ
field-description = 説明
field-category = 分類
field-unit = 販売単位
field-unit_mass_kg = 1単位の重さ(kg)
field-packaging = 包装
field-qualifiers = 特徴
packaging-returnable = 返却式(戻ってくる箱・瓶・袋)
packaging-single_use = 使い捨て
packaging-none = 包装なし
catalogue-title = 商品
catalogue-manage = 商品の追加・編集
catalogue-see = すべての商品を見る
catalogue-empty = 商品はまだありません。
catalogue-add = 商品を追加
catalogue-add-button = 商品を追加する
catalogue-edit = 商品を編集
catalogue-save = 変更を保存
catalogue-saved = 商品を保存しました。
catalogue-photo = 写真
catalogue-photo-choose = 写真(JPEGまたはPNG。遅い回線向けに小さくします)
catalogue-photo-upload = 写真をアップロード
catalogue-photo-saved = 写真を保存しました。
catalogue-photo-removed = 写真を削除しました。
catalogue-photo-remove = 写真を削除
catalogue-photo-confirm-remove = はい、写真を削除します
catalogue-unit-example = 5kg袋
catalogue-packaging-unsaid = 未記入
conflict-below-ordered = この出品はすでに{ $ordered }単位注文されています。数量はそれより少なくできません。
field-producer_price = 生産者価格(1単位)
field-fees = 手数料
field-distance_km = 距離(km)
field-product_id = 商品
offers-title = 出品とこれまでの注文
offers-none = まだ出品はありません。下から追加してください。
offers-status = 在庫{ $available }、これまでの注文{ $asked } — 今締め切ると{ $given }を配分
offers-add = 出品を追加
offers-add-button = 出品する
offers-no-products = このサイクルの生産者にはまだ商品がありません。カタログのページで追加してください。
offers-fees = 生産者価格に上乗せする手数料
offers-fees-help = 不要な手数料は金額を空欄にしてください。
offers-fee-kind = 用途
offers-fee-amount = 金額
offers-fee-basis = 計算方法
offers-per-unit = 1単位あたり
offers-percent = 生産者価格に対する%
offers-fee-recipient = 支払先
offers-transport = 受け取り場所までの輸送
offers-transport-none = 未記入
offers-distance = 距離km(空欄なら地図から)
offers-save = 出品を保存
offers-withdraw = 出品を取り下げる
offers-confirm-withdraw = はい、取り下げます(この出品への注文は取り消されます)
offers-added = 出品を追加しました。
offers-changed = 出品を保存しました。
offers-withdrawn = 出品を取り下げました。
offers-line-changed = 注文を変更しました。
offers-lines = これまでの注文
offers-lines-help = 今締め切った場合に各注文が受け取る量(品不足時のサイクルのルールによる)。グループのコーディネーターはここで注文を変更できます。
offers-no-lines = まだ誰も注文していません。
offers-col-projected = 今の配分
cycle-edit = 名前と日程
cycle-edit-save = 名前と日程を保存
cycle-edited = 名前と日程を保存しました。
shop-left-first-come = 残り{ $left } — 先着順:それを超える注文はお受けできません
shop-fair-share = 在庫{ $available }、これまでの注文{ $asked } — 注文が在庫を超えたら締め切り時に公平に分けます
shop-fair-share-short = 在庫{ $available }、これまでの注文{ $asked } — 公平に分けて配分します
nav-my-orders = 私の注文
my-orders-title = 私の注文
my-orders-none = まだどのサイクルでも注文していません。
my-orders-asked = 注文{ $asked }
my-orders-got = 注文{ $asked }、配分{ $got }:
my-orders-share = グループの請求書のうちあなたの分:{ $total }中{ $amount }
my-orders-estimate = 現時点:{ $amount }(締め切りで確定)
members-email-help = メールのない人には ana.reyes のようなサインイン名を決め、あとで入り方を渡してください。
members-access = 招待/新しいパスワード
members-actions = 操作
signin-forgot = パスワードをお忘れですか?
signin-have-code = コードを持っています
access-invite-heading = { $name }さんへの招待
access-reset-heading = { $name }さんの新しいパスワード
access-mailed = リンクを{ $email }へメールしました。7日間、1回だけ使えます。
access-share-intro = このリンクをチャットで送るか、下のカードを印刷してください。7日間、1回だけ使えます。本人にだけ渡してください。
access-link = リンク
access-card-title = Bayanihanへの入り方
access-card-name = 名前
access-card-sign-in = サインインに使うもの
access-card-code = コード
access-card-where = コードの入力先
access-card-until = 有効期限
share-sms = SMS
mail-invite-subject = Bayanihanへの招待
mail-invite-body =
    { $name }さん

    Bayanihanでグループと一緒に注文するよう招待されました。こちらでパスワードを決めてください(リンクは{ $days }日間、1回だけ使えます):

    { $url }

    サインインに使うもの:{ $signin }
    またはサインインページでこのコードを入力:{ $code }
mail-reset-subject = Bayanihanの新しいパスワード
mail-reset-body =
    { $name }さん

    こちらで新しいパスワードを決めてください(リンクは{ $days }日間、1回だけ使えます):

    { $url }

    サインインに使うもの:{ $signin }
    またはこのコードを入力:{ $code }

    心当たりがなければ何もしないでください。パスワードは変わりません。
join-welcome = ようこそ、{ $name }さん
join-reset = { $name }さんの新しいパスワード
join-sign-in-with = サインインに使うもの:
join-password = パスワードを決めてください(10文字以上。単語をいくつか並べるのがおすすめ)
join-submit = 保存して入る
join-password-short = パスワードは10文字以上必要です。
join-gone = このリンクはもう使えません
join-gone-text = すでに使われたか、7日を過ぎたか、新しいものに置き換えられました。グループのコーディネーターに新しいものを頼んでください。
join-code-title = コードで入る
join-code-intro = コーディネーターから受け取ったカードのコードを入力してください。
join-code-submit = 次へ
join-code-bad = コードではありません。コードは K7QF-92MX-4TZP-8H3D のような16文字の英数字です。
forgot-title = パスワードを忘れた
forgot-intro = 新しいパスワードを決めるリンクをメールします。メールがない方は、グループのコーディネーターに新しいコードを頼んでください。
forgot-submit = リンクを送る
forgot-sent = このアドレスのアカウントがあれば、リンクを送りました。メール(迷惑メールフォルダも)をご確認ください。
share-cycle-title = グループに知らせる
share-cycle-open-label = 注文受付中:
share-cycle-closing-label = まもなく締め切り:
share-cycle-open = { $cycle }の注文受付中({ $time }まで)。注文はこちら:{ $url }
share-cycle-closing = 締め切り間近:{ $cycle }は{ $time }に締め切ります。注文・変更はお早めに:{ $url }
