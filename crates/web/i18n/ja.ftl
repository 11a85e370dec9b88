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
signin-email = メールアドレス
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
shop-available = 残り{ $count }
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
members-email = メールアドレス
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
