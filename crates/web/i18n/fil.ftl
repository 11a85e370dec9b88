## Bayanihan — Filipino

site-name = Bayanihan
skip-to-content = Lumaktaw sa nilalaman
nav-home = Simula
nav-directory = Direktoryo
nav-sign-in = Mag-sign in
nav-sign-out = Mag-sign out
nav-language = Wika
lang-switch = Palitan
footer-text = Bayanihan — software para sa ekonomiya ng pagtutulungan at pagkakaisa, pag-aari ng mga gumagamit nito.

landing-title = Maligayang pagdating sa Bayanihan
landing-intro = Ang plataporma ng isang network ng ekonomiyang panlipunan at pagkakaisa: mga kooperatiba ng prodyuser, self-help group, social enterprise at grupo ng mamimili na nagtutulungan sa kalakalan, na may mga presyong malinaw sa lahat.
landing-try = Tingnan ang direktoryo ng mga organisasyon, buksan ang tindahan ng isang ikot para makita kung saan napupunta ang bawat piso, o mag-sign in para umorder.
landing-open-cycles = Mga bukas na ikot ng order
landing-demo-title = Mga account para sa demo
landing-demo-intro = Demo ito na may kathang-isip na network. Pareho ang password ng lahat ng demo user.
landing-demo-email = E-mail
landing-demo-password = Password
landing-demo-who = Sino

signin-title = Mag-sign in
signin-email = E-mail address o pangalang pang-sign-in
signin-password = Password
signin-submit = Mag-sign in
signin-error-credentials = Mali ang e-mail address o ang password.
signin-error-too-many = Masyadong maraming subok. Maghintay muna ng { $seconds } segundo at subukan ulit.
signin-error-email = Pakilagay ang e-mail address, gaya ng maria@example.org.
error-csrf = Nag-expire na ang form na ito. Pakisubukan ulit.

directory-title = Direktoryo ng mga organisasyon
directory-count = { $count ->
   *[other] { $count } organisasyon
}
directory-filter-country = Bansa (code)
directory-filter-kind = Uri
directory-filter-any = Kahit ano
directory-filter-submit = I-filter
directory-col-name = Pangalan
directory-col-kind = Uri
directory-col-country = Bansa
directory-none = Walang organisasyong tugma sa mga filter na ito.
directory-bad-filter = Hindi tama ang mga filter na ito: { $reason }
page-next = Susunod na pahina
page-previous = Nakaraang pahina

org-kind = Uri
org-country = Bansa
org-region = Rehiyon
org-roles = Mga papel sa value chain
org-qualifiers = Mga katangian
org-currency = Pera
org-networks = Mga network at miyembro
org-products = Mga produkto

home-title = Kumusta, { $name }
home-open-cycles = Mga bukas na ikot na puwede mong orderan
home-no-open-cycles = Walang bukas na ikot para sa mga grupo mo ngayon.
home-run-cycles = Mga ikot na pinapatakbo ng hub mo
home-owed = Babayaran o tatanggapin pa
home-nothing-owed = Walang nakabinbin.

shop-title = Tindahan
shop-closes = Magsasara ang order sa { $time }
shop-delivery = Ihahatid sa { $date }
shop-closed = Sarado na ang ikot na ito.
shop-breakdown = Saan napupunta ang pera mo
shop-producer-gets = Sa { $total }, { $producer } ang napupunta sa prodyuser.
shop-total = Kabuuan
shop-quantity = Dami
shop-group = Order para sa
shop-order-submit = Idagdag sa order ko
shop-sign-in-to-order = Mag-sign in para umorder.
shop-ordered = Naidagdag na sa order mo.
shop-my-order = Order ko
shop-no-offers = Wala pang inaalok sa ikot na ito.

order-title = Order ko
order-col-product = Produkto
order-col-quantity = Hiningi
order-col-allocated = Natanggap
order-col-total = Kabuuan
order-empty = Wala ka pang inorder sa ikot na ito.
order-estimated = Tantiya lang ang mga kabuuan hanggang magsara ang ikot at mahati ang supply.
order-cancel = Kanselahin

part-producer = Prodyuser
part-processing = Pagproseso
part-packing = Pag-iimpake
part-transport = Pagbiyahe
part-coordination = Koordinasyon
part-solidarity_fund = Pondong pandamayan
part-tax = Buwis

kind-producer_cooperative = Kooperatiba ng mga prodyuser
kind-worker_cooperative = Kooperatiba ng mga manggagawa
kind-consumer_cooperative = Kooperatiba ng mga mamimili
kind-multi_stakeholder_cooperative = Kooperatibang multi-stakeholder
kind-credit_cooperative = Kooperatiba sa pautang
kind-self_help_group = Self-help group
kind-social_enterprise = Social enterprise
kind-association = Samahan o NGO
kind-network = Network
kind-local_government_unit = Lokal na pamahalaan (LGU)
kind-private_company = Pribadong kompanya
kind-academic_institution = Institusyong akademiko

error-not-found = Hindi nakita
error-not-found-text = Walang pahina sa address na ito.
error-generic = May nangyaring mali. Walang na-save nang kalahati; pakisubukan ulit.

manage-title = Patakbuhin ang ikot
manage-link = Patakbuhin ang ikot na ito
manage-close = Isara na ang ikot ngayon
manage-clone = Kopyahin para sa susunod na linggo
manage-closed-now = Sarado na ang ikot: nahati na ang supply, at nagawa na ang mga invoice at statement.
manage-allocations = Ang hiningi at natanggap ng bawat linya
col-group = Grupo ng mamimili
col-product = Produkto
col-requested = Hiningi
col-allocated = Natanggap
col-reason = Bakit
manage-packing = Mga listahan ng iimpake
manage-packing-by-producer = Ayon sa prodyuser
manage-documents = Mga invoice at statement
doc-invoice = Invoice
doc-producer_statement = Statement ng prodyuser
doc-fee_statement = Statement ng mga singil
packing-title = Listahan ng iimpake
packing-no-pickup = Walang kuhanan
invoice-title = Invoice
statement-title = Statement
money-title = Pera
money-link = Pera
money-balances = Mga balanse
money-obligations = Babayaran o tatanggapin pa
money-due = Takdang araw
money-amount = Halaga
money-method = Paano ibinayad
money-reference = Reference (kung mayroon)
money-record = Itala ang bayad
money-recorded = Naitala na ang bayad.
money-none = Walang nakabinbin.
method-cash = Cash
method-bank_transfer = Bank transfer
method-mobile_money = Mobile money o e-wallet
account-receivable = Tatanggapin
account-payable = Babayaran
account-cash = Cash na natanggap o naibayad

members-title = Mga miyembro
members-link = Mga miyembro
members-col-name = Pangalan
members-col-roles = Mga papel
members-col-stakeholder = Uri ng stakeholder
members-add = Magdagdag ng miyembro
members-email = E-mail address o pangalang pang-sign-in
members-name = Pangalan (para sa bago)
members-role = Papel
members-stakeholder = Uri ng stakeholder
members-add-submit = Idagdag
members-added = Naidagdag na ang miyembro.
members-remove = Alisin
role-member = Miyembro
role-coordinator = Koordinador
role-treasurer = Ingat-yaman
role-admin = Administrador
stakeholder-producer = Prodyuser
stakeholder-consumer = Mamimili
stakeholder-worker = Manggagawa
stakeholder-supporter = Tagasuporta
network-overview = Buod ng network
network-inside = { $count ->
   *[other] { $count } organisasyon sa loob ng network na ito
}
network-outstanding = Nakabinbin sa pagitan ng mga organisasyon nito
newcycle-title = Magbukas ng ikot ng order
newcycle-link = Magbukas ng ikot ng order
newcycle-name = Pangalan
newcycle-policy = Kapag kulang ang supply
policy-first_come = Ang unang umorder ang unang mabibigyan
policy-pro_rata = Ayon sa proporsiyon ng hiningi ng bawat isa
policy-equal_share = Pantay na hati
newcycle-opens = Pagbukas ng order
newcycle-closes = Pagsara ng order
newcycle-delivery = Araw ng paghahatid
newcycle-pickup = Kuhanan (kung mayroon)
newcycle-producers = Mga prodyuser
newcycle-groups = Mga grupo ng mamimili
newcycle-submit = Buksan ang ikot

group-order-title = Order ng aming grupo
group-order-link = Order ng aming grupo
col-member = Miyembro
shop-only-left = { $count } na lang ang natitira. Pakibawasan ang hinihingi.

directory-filter-qualifier = Katangian
directory-filter-network = Network

error-fields = Pakisuri: { $fields }.
error-forbidden = Hindi ito pinapayagan ng papel mo.
error-forbidden-text = Kung kailangan mo ito, hilingin sa isang administrador ng organisasyon na ibigay sa iyo ang papel para rito.
error-conflict = Salungat ito sa nakatala na.
members-error-exists = Miyembro na ang taong ito.
members-error-last-admin = Kailangan ng organisasyon ng kahit isang administrador: gawin munang administrador ang ibang tao.
money-error-too-much = { $amount } na lang ang babayaran pa.
field-email = E-mail address
field-name = Pangalan
field-quantity = Dami
field-amount = Halaga
field-method = Paano ibinayad
field-roles = Papel
field-stakeholder = Uri ng stakeholder
field-policy = Kapag kulang ang supply
field-opens_at = Pagbukas ng order
field-closes_at = Pagsara ng order
field-delivery_date = Araw ng paghahatid
field-pickup_points = Kuhanan
qualifier-organic = Organiko
qualifier-agroecological = Agroekolohikal
qualifier-fair-trade = Patas na kalakalan (fair trade)
qualifier-gender-equity = Pagkakapantay ng kasarian
qualifier-indigenous-traditional = Katutubo / tradisyonal
qualifier-peasant-family-farming = Magsasaka / pampamilyang pagsasaka
qualifier-local = Lokal
qualifier-self-management = Sariling pamamahala
qualifier-commons = Pinagsasaluhang yaman (commons)
qualifier-pgs-certified = Sertipikado ng PGS (participatory guarantee)
vcrole-producer = Prodyuser
vcrole-processor = Tagaproseso
vcrole-hub = Hub
vcrole-consumer_group = Grupo ng mamimili
vcrole-financier = Tagapagpondo
vcrole-supporter = Tagasuporta

# Impact reports
report-title = Ulat ng epekto
report-period = Panahon
report-before = Naunang panahon
report-money-goes = Saan napupunta ang bayad ng mamimili
report-figures = Mga panukat
report-indicator = Panukat
report-trend = Halagang ibinayad sa magsasaka sa paglipas ng panahon
report-by-country = Ayon sa bansa
report-by-chain = Ayon sa value chain
report-factors = Mga emission factor
report-scope = Iulat ang
report-show = Ipakita
report-csv = I-download ang CSV
report-json = I-download ang JSON
report-suppressed = Hindi ipinapakita ang bilang na tungkol sa mas kaunti sa { $threshold } tao; nakasulat itong "<{ $threshold }".
report-money-flow = Saan napupunta ang pera
report-people = tao
report-not-said = hindi sinabi
nav-reports = Mga ulat ng epekto
group-women = Kababaihan
group-youth = Kabataan (wala pang 30)
group-elderly = Nakatatanda (60 pataas)
group-disability = May kapansanan
group-informal_sector = Sambahayan sa impormal na sektor
group-overseas_worker = Sambahayan ng OFW
gender-woman = Kababaihan
gender-man = Kalalakihan
gender-non_binary = Non-binary
gender-prefer_not_to_say = Ayaw sabihin
category-rice = Bigas
category-grains = Butil
category-pulses = Munggo at legumbre
category-vegetables = Gulay
category-fruit = Prutas
category-coffee = Kape
category-cacao = Kakaw
category-tea = Tsaa
category-spices = Pampalasa
category-dairy = Gatas at produkto nito
category-eggs = Itlog
category-meat = Karne
category-fish = Isda at lamang-dagat
category-processed_food = Prosesong pagkain
category-handicrafts = Handicraft
category-textiles = Tela
category-other = Iba pa

# Clearing rounds
clearing-link = Mga clearing round
clearing-title = Clearing
clearing-explain = Kinakansela ng clearing round ang utang na paikot-ikot sa mga organisasyon ng network nang walang perang gumagalaw. Hindi nagbabago ang netong posisyon ng bawat organisasyon.
clearing-currency = Pera
clearing-propose = Magmungkahi ng round
clearing-rounds = Mga round
clearing-none = Wala pang round.
clearing-round = Clearing round
clearing-status = Katayuan
clearing-proposed = Iminungkahi
clearing-total = Utang na isinaalang-alang
clearing-cleared = Naayos nang walang pera
clearing-effects = Epekto sa bawat organisasyon
clearing-org = Organisasyon
clearing-owes = Utang (bago → pagkatapos)
clearing-owed = Pautang (bago → pagkatapos)
clearing-saved = Natipid na pera
clearing-net-unchanged = Pareho bago at pagkatapos ang pautang bawas ang utang ng bawat organisasyon.
clearing-apply = Ilapat ang round
clearing-discard = Itapon
clearing-applied = Nailapat na ang round: naitala ang set-off ng bawat organisasyon.
clearing-discarded = Itinapon ang round.
clearing-stale = May obligasyong nabayaran o nagbago mula nang imungkahi ang round. Magmungkahi ng bago.
clearing-closed = Nailapat o naitapon na ang round na ito.
clearing-bad-currency = Pumili ng code ng pera gaya ng PHP.
round-proposed = iminungkahi
round-applied = nailapat
round-discarded = itinapon
round-stale = luma na: magmungkahi muli

# Packaging returns
manage-report = Epekto ng cycle na ito
manage-returns = Ibinalik na lalagyan
manage-returned-units = Bilang na ibinalik
manage-record-returns = Itala
manage-returned = Naitala ang ibinalik na lalagyan.
manage-returned-bad = Ilagay ang bilang na ibinalik, buong bilang mula 1.

# Impact data
impact-data-link = Datos ng epekto
impact-data-title = Datos ng epekto
impact-data-report = Ulat ng epekto ng organisasyong ito
impact-data-jobs = Trabaho
impact-data-fte = Katumbas ng full-time (hal. 3.5)
impact-data-gender = Kasarian
impact-data-from = Mula
impact-data-to = Hanggang
impact-data-declare = Ideklara
impact-data-prices = Presyong pamilihan bilang sanggunian
impact-data-prices-note = Ang presyo ng parehong produkto sa lokal na pamilihan, para sa panukat ng dagdag-presyo. Ilagay bago magsara ang mga cycle.
impact-data-price = Presyo ng isang yunit
impact-data-region = Rehiyon (blangko: alinman)
impact-data-source = Pinagmulan
impact-data-record = Itala
impact-data-saved = Nai-save.
impact-data-bad-dates = Suriin ang mga petsa: hindi mauuna ang katapusan sa simula.
impact-data-bad-fte = Ilagay ang FTE bilang numerong higit sa zero, hanggang dalawang decimal.
impact-data-bad-price = Ilagay ang presyo ng isang yunit, higit sa zero.
impact-data-bad-source = Sabihin kung saan galing ang presyo.

# Transport modes
mode-hgv = Mabigat na sasakyang pangkargamento
mode-truck_small = Maliit na trak (3.5–7.5 t)
mode-truck_medium = Katamtamang trak (7.5–17 t)
mode-truck_large = Malaking trak (higit 17 t)
mode-articulated = Articulated na trak
mode-van = Van
mode-rail = Tren
mode-ship_general = Barkong pangkargamento
mode-ship_container = Barkong pang-container
mode-ferry_roro = RoRo na ferry
mode-motorbike = Motorsiklo
mode-boat_small = Maliit na bangka
mode-on_foot = Lakad
mode-bicycle = Bisikleta

# Network links (consent of both sides)
links-title = Mga ugnayan sa mga network
links-saved = Nai-save. Bibilang ang bagong ugnayan kapag tinanggap na ng kabilang panig.
link-status-invited = inimbitahan, hinihintay ang mga admin ng organisasyon
link-status-applied = nag-apply, hinihintay ang mga admin ng network
link-status-active = miyembro
link-status-suspended = suspendido
link-status-ended = tapos na
link-accept = Tanggapin
link-decline = Tanggihan
link-reactivate = Alisin ang suspensiyon
link-suspend = Suspindihin
link-end = Tapusin ang pagiging miyembro
link-confirm = Oo, tapusin
link-confirm-needed = Pakikumpirma
link-confirm-needed-text = Ang pagtatapos ng pagiging miyembro sa network ay nag-aalis ng ibinabahagi nito. Lagyan ng tsek ang "Oo, tapusin" at ipadala muli.
link-invite-into = Imbitahan ang organisasyong ito sa
link-invite = Ipadala ang imbitasyon
link-apply-for = Mag-apply sa network na ito para sa
link-apply = Mag-apply

## Salungat sa nakatala (conflict-<kind>)
conflict-offers-closed = Sarado na ang ikot na ito: hindi na makapagdaragdag ng alok.
conflict-withdrawals-closed = Sarado na ang ikot na ito: hindi na maaaring bawiin ang mga alok nito.
conflict-lines-closed = Sarado na ang ikot na ito: hindi na mababago ang mga order.
conflict-not-taking-orders = Hindi tumatanggap ng order ang ikot na ito ngayon.
conflict-stock-left = { $left } na lang ang natitira sa alok na ito; { $asked } ang hiningi mo.
conflict-listed-twice = Dalawang beses nakalista ang isang organisasyon sa iisang papel.
conflict-cannot-close = Hindi maisasara ang ikot na ito: { $reason }
conflict-more-than-owed = { $owed } na lang ang babayaran pa sa obligasyong ito.
conflict-ledger = Hindi ito maitatala sa aklat: { $reason }
conflict-invoices-not-yet = Ginagawa ang mga invoice kapag nagsara ang ikot.
conflict-statements-not-yet = Ginagawa ang mga statement kapag nagsara ang ikot.
conflict-not-delivered-yet = Maitatala ang naibalik na lalagyan kapag sarado na ang ikot at naihatid na.
conflict-email-taken = May nakarehistro na gamit ang e-mail na { $email }.
conflict-already-member = Miyembro na ang taong ito.
conflict-last-admin = Kailangan ng organisasyon ng kahit isang administrador: gawin munang administrador ang ibang tao.
conflict-link-already-invited = Naimbitahan na ang organisasyong ito; hindi pa sumasagot ang mga administrador nito.
conflict-link-already-applied = Nag-aplay na ang organisasyong ito; hindi pa sumasagot ang mga administrador ng network.
conflict-link-already-member = Kasapi na ng network ang organisasyong ito.
conflict-link-ended = Natapos na ang ugnayang ito; imbitahan muli ang organisasyon (o mag-aplay muli).
conflict-link-not-active = Aktibong pagkakasapi lang ang maaaring suspindihin.
conflict-not-clearable = Hindi maaaring i-clear ang mga obligasyong ito: { $reason }
conflict-round-too-large = Masyadong malaki ang halaga ng round na ito para maitala.
conflict-round-stale = May obligasyong nabayaran o nagbago mula nang imungkahi ang round. Magmungkahi ng bago.
conflict-round-decided = Ang round na ito ay { $status } na.
conflict-overflow = Masyadong malaki ang kabuuan para maitala.
conflict-request-in-progress = Sinasagot pa ang parehong kahilingan: maghintay sandali at subukang muli.

## Kung bakit ito ang nakuha ng linya (reason-<basis>)
reason-full = Sapat ang suplay para sa hiningi ng bawat linya sa antas ng prayoridad na ito at sa lahat ng naunang antas.
reason-first-come-none = Kulang ang suplay: pinagsilbihan ang mga linya ayon sa pagkakasunod ng pag-order, at wala nang natira pagdating sa linyang ito.
reason-first-come = Kulang ang suplay: pinagsilbihan ang mga linya ayon sa pagkakasunod ng pag-order, at { $remaining } na lang ang natira pagdating sa linyang ito.
reason-pro-rata = Kulang ang suplay: hinati ayon sa laki ng hiningi ng bawat linya ({ $supply } sa { $demand } na hiningi ng antas na ito).
reason-equal-share = Kulang ang suplay: hinati nang pantay, bawat linya ay nakakuha ng hiningi nito hanggang { $level }.
reason-bonus = Nakakuha rin ang linyang ito ng isa sa mga natirang yunit.
reason-tier-exhausted = Naubos ang suplay bago ang antas ng prayoridad { $tier }: kinuha lahat ng mas mataas na antas, kaya walang nakuha ang linyang ito.
cycle-status-open = bukas
cycle-status-closed = sarado

## Closing a cycle, after a confirmation
manage-close-review = Suriin at isara ang ikot…
close-confirm-title = Isara ang ikot?
close-confirm-intro = Sa pagsasara, hahatiin ang suplay, gagawin ang mga invoice at statement, at itatala ang utang ng bawat organisasyon. Kung isasara ngayon:
close-confirm-lines = { $count } linya ng order ang mahahatian
close-confirm-units = { $allocated } sa { $requested } yunit na hiningi ang maibibigay
close-confirm-invoices = { $count } invoice ang ilalabas, { $total } lahat
close-confirm-obligations = { $count } utang sa pagitan ng mga organisasyon ang itatala
close-confirm-short = Hindi sapat para sa lahat: hahatiin ang mga ito ayon sa patakaran ng ikot
close-confirm-short-line = { $product }: { $given } sa { $asked } na hiningi
close-confirm-final = Hindi na ito maibabalik: hindi na mababago ng mga miyembro ang kanilang order.
close-confirm-back = Hindi muna: bumalik sa ikot

## Confirming what cannot be undone
clearing-decide-note = Sa paglalapat, itatala bilang bayad ang bawat set-off sa itaas; sa pagtatapon, aalisin ang round. Hindi na maibabalik ang alinman.
clearing-confirm-apply = Oo, ilapat ang mga set-off na ito
clearing-confirm-discard = Oo, itapon ang round na ito
members-confirm-remove = Oo, alisin
confirm-needed = Pakikumpirma
confirm-needed-text = Hindi na ito maibabalik. Lagyan ng tsek ang kahon sa tabi ng button at ipadala muli.

## Money in words
money-owes-you = May utang sa iyo ang { $who } na { $amount }
money-owes-you-for = May utang sa iyo ang { $who } na { $amount } para sa { $cycle }
money-you-owe = May utang ka sa { $who } na { $amount }
money-you-owe-for = May utang ka sa { $who } na { $amount } para sa { $cycle }
money-net-owed = Sa kabuuan, may utang sa iyo ang { $who } na { $amount }
money-net-owe = Sa kabuuan, may utang ka sa { $who } na { $amount }
money-net-even = Patas na kayo ng { $who }
money-overdue = lampas na sa takdang petsa
money-document = invoice o statement
money-confirm-pay = Oo, itala ito: hindi na binabago ang bayad pagkatapos

## The basket on the shop page
shop-basket = Ang order mo sa ikot na ito
shop-change = Baguhin
shop-basket-note = Gawing 0 ang dami para alisin ang produkto. Kapag inorder muli ang produkto, nadaragdagan ang linya nito.
money-history = Kasaysayan ng mga bayad
money-no-payments = Wala pang naitalang bayad.
money-paid-you = Nagbayad sa iyo ang { $who } ng { $amount }
money-you-paid = Nagbayad ka sa { $who } ng { $amount }
money-reversal = Pagbawi ng naunang bayad
money-reversed = binawi na
money-set-off = Naipagtuos sa isang clearing round
money-round = ang round
money-recorded-by = itinala ni
money-reverse = Bawiin ang bayad na ito
money-confirm-reverse = Oo, bawiin ito: muling may utang sa halaga, at mananatili sa kasaysayan ang dalawang tala
money-reversed-notice = Nabawi na ang bayad: muling may utang sa halaga nito.
conflict-payment-reversed = Nabawi na ang bayad na ito.
conflict-not-reversible = Bayad na pera lamang ang maaaring bawiin. Bahagi ng clearing round ang pagtutuos; para bawiin ang pagbawi, itala muli ang bayad.
col-household = Sambahayan
doc-households = Bawat sambahayan
doc-household-group = Inorder ng grupo
doc-number = Numero
doc-issued = Petsa ng paglabas
doc-due = Takdang petsa
doc-paid = Bayad na nang buo
doc-unpaid = Hindi pa bayad: { $amount } pa ang utang
doc-how-to-pay = Paano magbayad
doc-csv = I-download bilang CSV
doc-print = Para i-print, gamitin ang Print ng browser: walang menu sa printout.
doc-parties = Mula sa { $from } para sa { $to }
field-description = Paglalarawan
field-category = Kategorya
field-unit = Yunit na ibinebenta
field-unit_mass_kg = Bigat ng isang yunit (kg)
field-packaging = Balot
field-qualifiers = Mga katangian
packaging-returnable = Naibabalik (kahon, garapon, sakong ibinabalik)
packaging-single_use = Isahang gamit
packaging-none = Walang balot
catalogue-title = Mga produkto
catalogue-manage = Magdagdag o mag-edit ng mga produkto
catalogue-see = Tingnan ang lahat ng produkto
catalogue-empty = Wala pang produkto.
catalogue-add = Magdagdag ng produkto
catalogue-add-button = Idagdag ang produkto
catalogue-edit = I-edit ang produkto
catalogue-save = I-save ang mga pagbabago
catalogue-saved = Nai-save na ang produkto.
catalogue-photo = Larawan
catalogue-photo-choose = Isang larawan (JPEG o PNG; pinaliliit ito para sa mabagal na koneksyon)
catalogue-photo-upload = I-upload ang larawan
catalogue-photo-saved = Nai-save na ang larawan.
catalogue-photo-removed = Naalis na ang larawan.
catalogue-photo-remove = Alisin ang larawan
catalogue-photo-confirm-remove = Oo, alisin ang larawan
catalogue-unit-example = sako ng 5 kg
catalogue-packaging-unsaid = Hindi nakasaad
conflict-below-ordered = { $ordered } yunit ng alok na ito ang na-order na: hindi maaaring bumaba rito ang dami.
field-producer_price = Presyo ng prodyuser bawat yunit
field-fees = Mga bayarin
field-distance_km = Layo (km)
field-product_id = Produkto
offers-title = Mga alok at order sa ngayon
offers-none = Wala pang alok: idagdag ang una sa ibaba.
offers-status = { $available } ang mayroon, { $asked } ang hiniling sa ngayon — { $given } ang maibibigay kung isasara ngayon
offers-add = Maglagay ng alok
offers-add-button = Idagdag ang alok
offers-no-products = Wala pang produkto ang mga prodyuser ng siklong ito: idinaragdag nila ito sa kanilang katalogo.
offers-fees = Mga bayarin bukod sa presyo ng prodyuser
offers-fees-help = Iwanang blangko ang halaga kung hindi kailangan ang bayarin.
offers-fee-kind = Para saan
offers-fee-amount = Halaga
offers-fee-basis = Paano binibilang
offers-per-unit = bawat yunit
offers-percent = porsyento ng presyo ng prodyuser
offers-fee-recipient = Ibabayad kay
offers-transport = Transportasyon papunta sa kuhanan
offers-transport-none = Hindi nakasaad
offers-distance = Layo sa km (kung blangko: mula sa mapa)
offers-save = I-save ang alok
offers-withdraw = Bawiin ang alok
offers-confirm-withdraw = Oo, bawiin ito: makakansela ang mga order dito
offers-added = Naidagdag na ang alok.
offers-changed = Nai-save na ang alok.
offers-withdrawn = Nabawi na ang alok.
offers-line-changed = Nabago na ang order.
offers-lines = Mga order sa ngayon
offers-lines-help = Ang makukuha ng bawat order kung isasara ngayon ang siklo, ayon sa tuntunin nito kapag kulang ang suplay. Mababago rito ng mga koordineytor ng grupo ang mga order nito.
offers-no-lines = Wala pang nag-order.
offers-col-projected = Makukuha ngayon
cycle-edit = Pangalan at mga petsa
cycle-edit-save = I-save ang pangalan at mga petsa
cycle-edited = Nai-save na ang pangalan at mga petsa.
shop-left-first-come = { $left } na lang — nauuna ang unang dumating: tatanggihan ang order na higit dito
shop-fair-share = { $available } ang mayroon, { $asked } ang hiniling sa ngayon — kapag higit ang hiniling, patas na hahatiin sa pagsasara
shop-fair-share-short = { $available } ang mayroon, { $asked } ang hiniling sa ngayon — makakakuha ka ng patas na bahagi
nav-my-orders = Aking mga order
my-orders-title = Aking mga order
my-orders-none = Hindi ka pa nag-order sa anumang siklo.
my-orders-asked = hiniling { $asked }
my-orders-got = hiniling { $asked }, nakuha { $got }:
my-orders-share = Ang bahagi mo sa invoice ng grupo: { $amount } sa { $total }
my-orders-estimate = Sa ngayon: { $amount } (tiyak na pagsara ng siklo)
members-email-help = Para sa walang e-mail, pumili ng pangalang pang-sign-in gaya ng ana.reyes; bigyan sila ng paraan para makapasok pagkatapos.
members-access = Imbitahan o bagong password
members-actions = Mga aksyon
signin-forgot = Nakalimutan ang password?
signin-have-code = May code ako
access-invite-heading = Imbitasyon para kay { $name }
access-reset-heading = Bagong password para kay { $name }
access-mailed = Naipadala ang link sa { $email }. Isang beses itong gagana, sa loob ng 7 araw.
access-share-intro = Ipadala ang link na ito sa group chat, o i-print ang kard sa ibaba. Isang beses itong gagana, sa loob ng 7 araw; ibahagi lamang sa miyembrong ito.
access-link = Ang link
access-card-title = Ang daan mo papasok sa Bayanihan
access-card-name = Pangalan
access-card-sign-in = Mag-sign in gamit ang
access-card-code = Code
access-card-where = I-type ang code sa
access-card-until = May bisa hanggang
share-sms = Text
mail-invite-subject = Ang iyong imbitasyon sa Bayanihan
mail-invite-body =
    Kumusta { $name },

    inaanyayahan kang mag-order kasama ang iyong grupo sa Bayanihan. Pumili ng password dito (isang beses gagana ang link, sa loob ng { $days } araw):

    { $url }

    Mag-sign in gamit ang: { $signin }
    O i-type ang code na ito sa sign-in: { $code }
mail-reset-subject = Bagong password para sa Bayanihan
mail-reset-body =
    Kumusta { $name },

    pumili ng bagong password dito (isang beses gagana ang link, sa loob ng { $days } araw):

    { $url }

    Mag-sign in gamit ang: { $signin }
    O i-type ang code na ito: { $code }

    Kung hindi mo ito hiniling, huwag pansinin: hindi magbabago ang password mo.
join-welcome = Maligayang pagdating, { $name }
join-reset = Bagong password para kay { $name }
join-sign-in-with = Mag-sign in gamit ang:
join-password = Pumili ng password (hindi bababa sa 10 titik; mainam ang ilang salita)
join-submit = I-save at pumasok
join-password-short = Kailangan ng hindi bababa sa 10 titik ang password.
join-gone = Hindi na gumagana ang link na ito
join-gone-text = Nagamit na ito, lampas na sa 7 araw, o may pumalit na bago. Humingi ng bago sa koordineytor ng grupo.
join-code-title = Pumasok gamit ang code
join-code-intro = I-type ang code mula sa kard na ibinigay ng koordineytor.
join-code-submit = Magpatuloy
join-code-bad = Hindi iyan code: may 16 titik at numero ang code, gaya ng K7QF-92MX-4TZP-8H3D.
forgot-title = Nakalimutan ang password
forgot-intro = Magpapadala kami ng link sa e-mail para pumili ng bagong password. Walang e-mail? Humingi sa koordineytor ng grupo: mabibigyan ka nila ng bagong code.
forgot-submit = Padalhan ako ng link
forgot-sent = Kung may account ang address na ito, papunta na ang link. Tingnan ang e-mail (pati ang spam).
share-cycle-title = Sabihan ang grupo
share-cycle-open-label = Bukas na ang order:
share-cycle-closing-label = Malapit nang magsara:
share-cycle-open = Bukas na ang { $cycle } para sa order hanggang { $time }. Mag-order dito: { $url }
share-cycle-closing = Huling tawag: magsasara ang { $cycle } sa { $time }. Mag-order o baguhin ang order ngayon: { $url }
