## Bayanihan — English

site-name = Bayanihan
skip-to-content = Skip to the content
nav-home = Home
nav-directory = Directory
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-language = Language
lang-switch = Change
footer-text = Bayanihan — software for the social and solidarity economy, owned by those who use it.

landing-title = Welcome to Bayanihan
landing-intro = The platform a social and solidarity economy network runs on: producer cooperatives, self-help groups, social enterprises and consumer groups trading in solidarity, with prices everyone can see through.
landing-try = Browse the directory of organizations, open a cycle's shop to see where each peso goes, or sign in to order.
landing-open-cycles = Open order cycles
landing-demo-title = Demo sign-ins
landing-demo-intro = This is a demo with a fictional network. Every demo person has the same password.
landing-demo-email = E-mail
landing-demo-password = Password
landing-demo-who = Who

signin-title = Sign in
signin-email = E-mail address or sign-in name
signin-password = Password
signin-submit = Sign in
signin-error-credentials = The e-mail address or the password is not right.
signin-error-too-many = Too many attempts. Please wait { $seconds } seconds and try again.
signin-error-email = Please enter an e-mail address such as maria@example.org.
error-csrf = This form has expired. Please try again.

directory-title = Directory of organizations
directory-count = { $count ->
    [one] One organization
   *[other] { $count } organizations
}
directory-filter-country = Country (code)
directory-filter-kind = Kind
directory-filter-any = Any
directory-filter-submit = Filter
directory-col-name = Name
directory-col-kind = Kind
directory-col-country = Country
directory-none = No organization matches these filters.
directory-bad-filter = These filters are not valid: { $reason }
page-next = Next page
page-previous = Previous page

org-kind = Kind
org-country = Country
org-region = Region
org-roles = Roles in value chains
org-qualifiers = Qualifiers
org-currency = Currency
org-networks = Networks and members
org-products = Products

home-title = Hello, { $name }
home-open-cycles = Open cycles you can order in
home-no-open-cycles = No cycle is open for your groups right now.
home-run-cycles = Cycles your hub runs
home-owed = Still to pay or to receive
home-nothing-owed = Nothing is outstanding.

shop-title = Shop
shop-closes = Orders close { $time }
shop-delivery = Delivery on { $date }
shop-closed = This cycle is closed.
shop-breakdown = Where your money goes
shop-producer-gets = Of { $total } the producer gets { $producer }.
shop-total = Total
shop-quantity = Quantity
shop-group = Order for
shop-order-submit = Add to my order
shop-sign-in-to-order = Sign in to order.
shop-ordered = Added to your order.
shop-my-order = My order
shop-no-offers = Nothing is offered in this cycle yet.

order-title = My order
order-col-product = Product
order-col-quantity = Asked
order-col-allocated = Received
order-col-total = Total
order-empty = You have not ordered anything in this cycle.
order-estimated = Totals are estimates until the cycle closes and supply is shared.
order-cancel = Cancel

part-producer = Producer
part-processing = Processing
part-packing = Packing
part-transport = Transport
part-coordination = Coordination
part-solidarity_fund = Solidarity fund
part-tax = Tax

kind-producer_cooperative = Producer cooperative
kind-worker_cooperative = Worker cooperative
kind-consumer_cooperative = Consumer cooperative
kind-multi_stakeholder_cooperative = Multi-stakeholder cooperative
kind-credit_cooperative = Credit cooperative
kind-self_help_group = Self-help group
kind-social_enterprise = Social enterprise
kind-association = Association or NGO
kind-network = Network
kind-local_government_unit = Local government unit
kind-private_company = Private company
kind-academic_institution = Academic institution

error-not-found = Not found
error-not-found-text = There is no page at this address.
error-generic = Something went wrong. Nothing was half-saved; please try again.

manage-title = Run the cycle
manage-link = Run this cycle
manage-close = Close the cycle now
manage-clone = Copy for next week
manage-closed-now = The cycle is closed: supply is shared, invoices and statements are made.
manage-allocations = What each line asked and received
col-group = Consumer group
col-product = Product
col-requested = Asked
col-allocated = Received
col-reason = Why
manage-packing = Packing lists
manage-packing-by-producer = By producer
manage-documents = Invoices and statements
doc-invoice = Invoice
doc-producer_statement = Producer statement
doc-fee_statement = Fee statement
packing-title = Packing list
packing-no-pickup = No pickup point
invoice-title = Invoice
statement-title = Statement
money-title = Money
money-link = Money
money-balances = Balances
money-obligations = Still to pay or to receive
money-due = Due
money-amount = Amount
money-method = How it was paid
money-reference = Reference (optional)
money-record = Record the payment
money-recorded = The payment is recorded.
money-none = Nothing is outstanding.
method-cash = Cash
method-bank_transfer = Bank transfer
method-mobile_money = Mobile money
account-receivable = To receive
account-payable = To pay
account-cash = Cash received or paid

members-title = Members
members-link = Members
members-col-name = Name
members-col-roles = Roles
members-col-stakeholder = Stake
members-add = Add a member
members-email = E-mail address or sign-in name
members-name = Name (for someone new)
members-role = Role
members-stakeholder = Stake
members-add-submit = Add
members-added = The member is added.
members-remove = Remove
role-member = Member
role-coordinator = Coordinator
role-treasurer = Treasurer
role-admin = Administrator
stakeholder-producer = Producer
stakeholder-consumer = Consumer
stakeholder-worker = Worker
stakeholder-supporter = Supporter
network-overview = Network overview
network-inside = { $count ->
    [one] One organization inside this network
   *[other] { $count } organizations inside this network
}
network-outstanding = Outstanding between its organizations
newcycle-title = Open an order cycle
newcycle-link = Open an order cycle
newcycle-name = Name
newcycle-policy = When supply is short
policy-first_come = First come, first served
policy-pro_rata = In proportion to what each asked
policy-equal_share = Equal shares
newcycle-opens = Orders open
newcycle-closes = Orders close
newcycle-delivery = Delivery day
newcycle-pickup = Pickup point (optional)
newcycle-producers = Producers
newcycle-groups = Consumer groups
newcycle-submit = Open the cycle

group-order-title = Our group's order
group-order-link = Our group's order
col-member = Member
shop-only-left = Only { $count } left. Please ask for fewer.

directory-filter-qualifier = Qualifier
directory-filter-network = Network

error-fields = Please check: { $fields }.
error-forbidden = Your role does not allow this.
error-forbidden-text = If you need this, ask an administrator of the organization to give you the role for it.
error-conflict = This clashes with what is already recorded.
members-error-exists = This person is already a member.
members-error-last-admin = An organization needs at least one administrator: make someone else administrator first.
money-error-too-much = Only { $amount } is still owed.
field-email = E-mail address
field-name = Name
field-quantity = Quantity
field-amount = Amount
field-method = How it was paid
field-roles = Role
field-stakeholder = Stake
field-policy = When supply is short
field-opens_at = Orders open
field-closes_at = Orders close
field-delivery_date = Delivery day
field-pickup_points = Pickup point
qualifier-organic = Organic
qualifier-agroecological = Agroecological
qualifier-fair-trade = Fair trade
qualifier-gender-equity = Gender equity
qualifier-indigenous-traditional = Indigenous / traditional
qualifier-peasant-family-farming = Peasant / family farming
qualifier-local = Local
qualifier-self-management = Self-management
qualifier-commons = Commons
qualifier-pgs-certified = PGS certified (participatory guarantee)
vcrole-producer = Producer
vcrole-processor = Processor
vcrole-hub = Hub
vcrole-consumer_group = Consumer group
vcrole-financier = Financier
vcrole-supporter = Supporter

# Impact reports
report-title = Impact report
report-period = Period
report-before = Period before
report-money-goes = Where the consumer's money goes
report-figures = Indicators
report-indicator = Indicator
report-trend = Value paid to producers over time
report-by-country = By country
report-by-chain = By value chain
report-factors = Emission factors
report-scope = Report on
report-show = Show
report-csv = Download CSV
report-json = Download JSON
report-suppressed = Figures about fewer than { $threshold } people are not shown; they read "<{ $threshold }".
report-money-flow = Where the money goes
report-people = people
report-not-said = not said
nav-reports = Impact reports
group-women = Women
group-youth = Youth (under 30)
group-elderly = Elderly (60 and over)
group-disability = Persons with disability
group-informal_sector = Informal-sector households
group-overseas_worker = Overseas-worker households
gender-woman = Women
gender-man = Men
gender-non_binary = Non-binary
gender-prefer_not_to_say = Prefer not to say
category-rice = Rice
category-grains = Grains and cereals
category-pulses = Pulses
category-vegetables = Vegetables
category-fruit = Fruit
category-coffee = Coffee
category-cacao = Cacao
category-tea = Tea
category-spices = Spices and herbs
category-dairy = Dairy
category-eggs = Eggs
category-meat = Meat
category-fish = Fish and seafood
category-processed_food = Processed food
category-handicrafts = Handicrafts
category-textiles = Textiles
category-other = Other

# Clearing rounds
clearing-link = Clearing rounds
clearing-title = Clearing
clearing-explain = A clearing round cancels debt that runs in circles between the network's organizations, without any money moving. Every organization's net position stays the same.
clearing-currency = Currency
clearing-propose = Propose a round
clearing-rounds = Rounds
clearing-none = No round yet.
clearing-round = Clearing round
clearing-status = Status
clearing-proposed = Proposed
clearing-total = Debt considered
clearing-cleared = Cleared without cash
clearing-effects = Effect on each organization
clearing-org = Organization
clearing-owes = Owes (before → after)
clearing-owed = Is owed (before → after)
clearing-saved = Liquidity saved
clearing-net-unchanged = What each organization is owed less what it owes is the same before and after.
clearing-apply = Apply this round
clearing-discard = Discard
clearing-applied = The round is applied: the set-off is recorded for every organization.
clearing-discarded = The round is discarded.
clearing-stale = An obligation of this round was paid or changed since it was proposed. Propose a new round.
clearing-closed = This round was already applied or discarded.
clearing-bad-currency = Choose a currency code such as PHP.
round-proposed = proposed
round-applied = applied
round-discarded = discarded
round-stale = stale: propose again

# Packaging returns
manage-report = Impact of this cycle
manage-returns = Packaging brought back
manage-returned-units = Units returned
manage-record-returns = Record
manage-returned = The returned packaging is recorded.
manage-returned-bad = Give the number of units returned, a whole number from 1.

# Impact data
impact-data-link = Impact data
impact-data-title = Impact data
impact-data-report = This organization's impact report
impact-data-jobs = Jobs
impact-data-fte = Full-time equivalents (e.g. 3.5)
impact-data-gender = Gender
impact-data-from = From
impact-data-to = To
impact-data-declare = Declare
impact-data-prices = Reference market prices
impact-data-prices-note = What the same product sells for on the local market, for the price-premium indicator. Enter it before the cycles it applies to close.
impact-data-price = Price of one unit
impact-data-region = Region (empty: any)
impact-data-source = Source
impact-data-record = Record
impact-data-saved = Saved.
impact-data-bad-dates = Check the dates: the end may not come before the start.
impact-data-bad-fte = Give the full-time equivalents as a number above zero with at most two decimals.
impact-data-bad-price = Give the price of one unit, above zero.
impact-data-bad-source = Say where the price comes from.

# Transport modes
mode-hgv = Heavy goods vehicle
mode-truck_small = Small truck (3.5–7.5 t)
mode-truck_medium = Medium truck (7.5–17 t)
mode-truck_large = Large truck (over 17 t)
mode-articulated = Articulated truck
mode-van = Van
mode-rail = Rail
mode-ship_general = General cargo ship
mode-ship_container = Container ship
mode-ferry_roro = RoRo ferry
mode-motorbike = Motorbike
mode-boat_small = Small boat
mode-on_foot = On foot
mode-bicycle = Bicycle

# Network links (consent of both sides)
links-title = Links with networks
links-saved = Saved. A new link counts once the other side accepts it.
link-status-invited = invited, waiting for the organization's admins
link-status-applied = applied, waiting for the network's admins
link-status-active = member
link-status-suspended = suspended
link-status-ended = ended
link-accept = Accept
link-decline = Decline
link-reactivate = Lift the suspension
link-suspend = Suspend
link-end = End the membership
link-confirm = Yes, end it
link-confirm-needed = Please confirm
link-confirm-needed-text = Ending a membership in a network takes away what it shares. Tick "Yes, end it" and send again.
link-invite-into = Invite this organization into
link-invite = Send the invitation
link-apply-for = Apply to this network on behalf of
link-apply = Apply

## Clashes with what is recorded (conflict-<kind>)
conflict-offers-closed = This cycle is closed: offers can no longer be added.
conflict-withdrawals-closed = This cycle is closed: its offers can no longer be withdrawn.
conflict-lines-closed = This cycle is closed: orders can no longer be changed.
conflict-not-taking-orders = This cycle is not taking orders now.
conflict-stock-left = Only { $left } left of this offer; you asked for { $asked }.
conflict-listed-twice = An organization is listed twice in the same role.
conflict-cannot-close = This cycle cannot be closed: { $reason }
conflict-more-than-owed = Only { $owed } is still owed on this obligation.
conflict-ledger = The books cannot record this: { $reason }
conflict-invoices-not-yet = Invoices are made when the cycle closes.
conflict-statements-not-yet = Statements are made when the cycle closes.
conflict-not-delivered-yet = Packaging can be recorded as returned once the cycle is closed and delivered.
conflict-email-taken = Someone with the e-mail address { $email } is already registered.
conflict-already-member = This person is already a member.
conflict-last-admin = An organization needs at least one administrator: make someone else administrator first.
conflict-link-already-invited = This organization is already invited; its administrators have not answered yet.
conflict-link-already-applied = This organization has already applied; the network's administrators have not answered yet.
conflict-link-already-member = This organization is already a member of the network.
conflict-link-ended = This link has ended; invite the organization (or apply) again.
conflict-link-not-active = Only an active membership can be suspended.
conflict-not-clearable = These obligations cannot be cleared: { $reason }
conflict-round-too-large = The amounts of this round are too large to record.
conflict-round-stale = An obligation of this round was paid or changed since it was proposed. Propose a new round.
conflict-round-decided = This round is already { $status }.
conflict-overflow = A total is too large to record.
conflict-request-in-progress = The same request is still being answered: wait a moment and try again.

## Why a line got what it got (reason-<basis>)
reason-full = There was enough for everyone in this priority group, and in every group served before it.
reason-first-come-none = Not enough for everyone: orders were served in the order they came, and nothing was left when this one's turn came.
reason-first-come = Not enough for everyone: orders were served in the order they came, and { $remaining } were left when this one's turn came.
reason-pro-rata = Not enough for everyone: shared in proportion to what each order asked ({ $supply } for { $demand } asked in this priority group).
reason-equal-share = Not enough for everyone: shared equally, each order getting what it asked for, up to { $level }.
reason-bonus = This order also got one of the units left over.
reason-tier-exhausted = Nothing was left for priority group { $tier }: the groups served before it took everything, so this order got nothing.
cycle-status-open = open
cycle-status-closed = closed

## Closing a cycle, after a confirmation
manage-close-review = Review and close the cycle…
close-confirm-title = Close the cycle?
close-confirm-intro = Closing shares out the supply, makes the invoices and statements, and records what each organization owes. If you close now:
close-confirm-lines = { $count ->
    [one] { $count } order line is allocated
   *[other] { $count } order lines are allocated
}
close-confirm-units = { $allocated } of the { $requested } units asked for are given
close-confirm-invoices = { $count ->
    [one] { $count } invoice is issued, { $total } in all
   *[other] { $count } invoices are issued, { $total } in all
}
close-confirm-obligations = { $count ->
    [one] { $count } debt between organizations is recorded
   *[other] { $count } debts between organizations are recorded
}
close-confirm-short = Not enough for everyone: these are shared by the cycle's rule
close-confirm-short-line = { $product }: { $given } of { $asked } asked for
close-confirm-final = This cannot be undone: members can no longer change their orders.
close-confirm-back = Not now: back to the cycle

## Confirming what cannot be undone
clearing-decide-note = Applying records every set-off above as a payment; discarding drops the round. Neither can be undone.
clearing-confirm-apply = Yes, apply these set-offs
clearing-confirm-discard = Yes, discard this round
members-confirm-remove = Yes, remove
confirm-needed = Please confirm
confirm-needed-text = This cannot be undone. Tick the box beside the button and send again.

## Money in words
money-owes-you = { $who } owes you { $amount }
money-owes-you-for = { $who } owes you { $amount } for { $cycle }
money-you-owe = You owe { $who } { $amount }
money-you-owe-for = You owe { $who } { $amount } for { $cycle }
money-net-owed = In all, { $who } owes you { $amount }
money-net-owe = In all, you owe { $who } { $amount }
money-net-even = You and { $who } are even
money-overdue = overdue
money-document = invoice or statement
money-confirm-pay = Yes, record it: a payment is not changed afterwards

## The basket on the shop page
shop-basket = Your order in this cycle
shop-change = Change
shop-basket-note = Set a quantity to 0 to take a product out. Ordering a product again adds to its line.
money-history = Payment history
money-no-payments = No payment is recorded yet.
money-paid-you = { $who } paid you { $amount }
money-you-paid = You paid { $who } { $amount }
money-reversal = Reversal of an earlier payment
money-reversed = reversed
money-set-off = Set off in a clearing round
money-round = the round
money-recorded-by = recorded by
money-reverse = Reverse this payment
money-confirm-reverse = Yes, reverse it: the amount is owed again, and both entries stay in the history
money-reversed-notice = The payment is reversed: its amount is owed again.
conflict-payment-reversed = This payment was reversed already.
conflict-not-reversible = Only a payment of money can be reversed. A set-off belongs to its clearing round; to undo a reversal, record the payment again.
col-household = Household
doc-households = Per household
doc-household-group = Ordered by the group
doc-number = Number
doc-issued = Issued
doc-due = Due
doc-paid = Paid in full
doc-unpaid = Not paid yet: { $amount } still owed
doc-how-to-pay = How to pay
doc-csv = Download as CSV
doc-print = To print, use your browser's Print: the page prints without its menus.
doc-parties = From { $from } to { $to }
field-description = Description
field-category = Category
field-unit = Unit sold
field-unit_mass_kg = Mass of one unit (kg)
field-packaging = Packaging
field-qualifiers = Qualities
packaging-returnable = Returnable (crates, jars, sacks that come back)
packaging-single_use = Single-use
packaging-none = No packaging
catalogue-title = Products
catalogue-manage = Add or edit products
catalogue-see = See every product
catalogue-empty = No product yet.
catalogue-add = Add a product
catalogue-add-button = Add the product
catalogue-edit = Edit the product
catalogue-save = Save the changes
catalogue-saved = The product is saved.
catalogue-photo = Photo
catalogue-photo-choose = A photo (JPEG or PNG; it is made small for slow connections)
catalogue-photo-upload = Upload the photo
catalogue-photo-saved = The photo is saved.
catalogue-photo-removed = The photo is removed.
catalogue-photo-remove = Remove the photo
catalogue-photo-confirm-remove = Yes, remove the photo
catalogue-unit-example = bag of 5 kg
catalogue-packaging-unsaid = Not stated
conflict-below-ordered = { $ordered } unit(s) of this offer are ordered already: the quantity cannot go below that.
field-producer_price = Producer price per unit
field-fees = Fees
field-distance_km = Distance (km)
field-product_id = Product
offers-title = Offers and orders so far
offers-none = No offer yet: add the first below.
offers-status = { $available } available, { $asked } asked so far — { $given } given if it closed now
offers-add = Put an offer in
offers-add-button = Add the offer
offers-no-products = The cycle's producers have no products yet: they add them on their catalogue page.
offers-fees = Fees on top of the producer price
offers-fees-help = Leave the amount empty for a fee you do not need.
offers-fee-kind = What for
offers-fee-amount = Amount
offers-fee-basis = Counted
offers-per-unit = per unit
offers-percent = percent of the producer price
offers-fee-recipient = Paid to
offers-transport = Transport to the pickup point
offers-transport-none = Not stated
offers-distance = Distance in km (left empty: from the map)
offers-save = Save the offer
offers-withdraw = Withdraw the offer
offers-confirm-withdraw = Yes, withdraw it: the lines ordered on it are cancelled
offers-added = The offer is added.
offers-changed = The offer is saved.
offers-withdrawn = The offer is withdrawn.
offers-line-changed = The line is changed.
offers-lines = Lines ordered so far
offers-lines-help = What each line would get if the cycle closed now, by the cycle's rule for short supply. Coordinators of a group can change its lines here.
offers-no-lines = Nobody has ordered yet.
offers-col-projected = Would get now
cycle-edit = Name and dates
cycle-edit-save = Save the name and dates
cycle-edited = The name and dates are saved.
shop-left-first-come = { $left } left — first come, first served: an order for more is refused
shop-fair-share = { $available } available, { $asked } asked so far — if more is asked than there is, everyone gets a fair share at closing
shop-fair-share-short = { $available } available, { $asked } asked so far — you will get a fair share
nav-my-orders = My orders
my-orders-title = My orders
my-orders-none = You have not ordered in any cycle yet.
my-orders-asked = asked { $asked }
my-orders-got = asked { $asked }, got { $got }:
my-orders-share = Your share of the group's invoice: { $amount } of { $total }
my-orders-estimate = So far: { $amount } (final when the cycle closes)
members-email-help = For someone without e-mail, choose a sign-in name such as ana.reyes; give them a way in afterwards.
members-access = Invite or new password
members-actions = Actions
signin-forgot = Forgot your password?
signin-have-code = I have a code
access-invite-heading = An invitation for { $name }
access-reset-heading = A new password for { $name }
access-mailed = The link is e-mailed to { $email }. It works once, for 7 days.
access-share-intro = Send this link in your group chat, or print the card below. It works once, for 7 days; only share it with this member.
access-link = The link
access-card-title = Your way into Bayanihan
access-card-name = Name
access-card-sign-in = Sign in with
access-card-code = Code
access-card-where = Type the code at
access-card-until = Valid until
share-sms = Text message
mail-invite-subject = Your invitation to Bayanihan
mail-invite-body =
    Hello { $name },

    you are invited to order with your group on Bayanihan. Choose your password here (the link works once, for { $days } days):

    { $url }

    You sign in with: { $signin }
    Or type this code at the sign-in page: { $code }
mail-reset-subject = A new password for Bayanihan
mail-reset-body =
    Hello { $name },

    choose a new password here (the link works once, for { $days } days):

    { $url }

    You sign in with: { $signin }
    Or type this code: { $code }

    If you did not ask for it, do nothing: your password stays as it is.
join-welcome = Welcome, { $name }
join-reset = A new password for { $name }
join-sign-in-with = You sign in with:
join-password = Choose a password (at least 10 characters; a few words work well)
join-submit = Save and come in
join-password-short = The password needs at least 10 characters.
join-gone = This link no longer works
join-gone-text = It was used already, it is older than 7 days, or a newer one replaced it. Ask your group's coordinator for a new one.
join-code-title = Come in with a code
join-code-intro = Type the code from the card your coordinator gave you.
join-code-submit = Continue
join-code-bad = That is not a code: a code has 16 letters and digits, such as K7QF-92MX-4TZP-8H3D.
forgot-title = Forgot your password
forgot-intro = We e-mail a link to choose a new password. Without e-mail? Ask your group's coordinator: they can give you a new code.
forgot-submit = Send me a link
forgot-sent = If this address has an account, a link is on its way. Check your e-mail (and its spam folder).
share-cycle-title = Tell the group
share-cycle-open-label = Orders are open:
share-cycle-closing-label = Closing soon:
share-cycle-open = { $cycle } is open for orders until { $time }. Order here: { $url }
share-cycle-closing = Last call: { $cycle } closes at { $time }. Order or change your order now: { $url }
import-title = Bring a spreadsheet in
import-members-link = Bring members from a spreadsheet (CSV)
import-products-link = Bring products from a spreadsheet (CSV)
import-check-title = Check a file
import-help = Save the sheet as CSV. Members: columns email (or a sign-in name), name, and optionally role and stakeholder. Products: name, category, unit, unit_mass_kg, and optionally description, qualifiers, packaging. Nothing is written until you apply; the same file again changes nothing.
import-kind = What the file holds
import-kind-members = Members
import-kind-products = Products
import-file = The CSV file
import-paste = Or paste its rows here
import-check = Check the file (nothing is written)
import-problems = Nothing was written: fix these cells in the sheet and check the file again.
import-col-row = Row
import-col-column = Column
import-col-problem = Problem
import-col-action = What happens
import-summary-plan = Applying will add { $added }, update { $updated } and leave { $unchanged } as they are.
import-summary-done = Added { $added }, updated { $updated }, left { $unchanged } as they were.
import-action-added = added
import-action-joined = registered already: made a member
import-action-updated = updated
import-action-unchanged = already as in the file
import-confirm = Yes, write all these rows now
import-apply = Apply
import-applied = The file is brought in.
money-set-off-note = { $amount } of it was set off in a clearing round
money-instructions-label = How to pay you (bank, mobile money, the reference to quote): printed on your invoices and statements
money-instructions-save = Save
money-instructions-saved = The payment instructions are saved.
field-payment_instructions = Payment instructions
manage-packing-by-household = per household
report-period-bad = The period cannot be read. Write a year (2026), a quarter (2026-Q3), a month (2026-10) or two dates (2026-01-01..2026-06-30) that end after they start, at most ten years apart.
import-problem-file = The file cannot be read as CSV: save the sheet as "CSV UTF-8" with one header row, at most 5,000 rows and 2 MB.
import-problem-missing-column = The first row has no column "{ $column }".
import-problem-duplicate = The same as row { $row }: each appears once.
import-problem-email = Not an e-mail address, nor a sign-in name (3 to 40 letters, digits, dots, dashes, such as ana.reyes).
import-problem-name = A name is needed (at most 200 characters).
import-problem-role = Not a role: member, coordinator, treasurer or admin.
import-problem-stakeholder = Not a stake: producer, worker, consumer, supporter or leave it empty.
import-problem-category = Not a category: use one of the product categories, such as rice, vegetables or handicrafts.
import-problem-unit = A unit is needed, such as "bag of 5 kg" (at most 60 characters).
import-problem-mass = Not a mass in kilograms above 0, such as 0.5 or 0,5.
import-problem-qualifiers = A quality that is not known: use organic, fair-trade, local, pgs-certified…, separated by ;
import-problem-packaging = Not a packaging: returnable, single_use, none, or leave it empty.
import-problem-text = This cell's text is refused: at most 2,000 characters, without control characters.
catalogue-photo-bad = The photo was not taken: choose a JPEG or PNG photo of at most 12 MB.
form-token-reused = This form was already used
form-token-reused-text = Its one-time token came with another form. Go back, reload the page and send it again.
audit-title = Audit log
audit-intro = Every administrative action in this organization: who did it, when, and from which address. Only its admins see this.
audit-empty = Nothing logged yet.
audit-col-when = When
audit-col-who = Who
audit-col-what = What
audit-col-details = Details
audit-col-from = From address
audit-older = Older entries
audit-link = Audit log
audit-command-line = Server command line
audit-organization-registered = Organization registered
audit-organization-updated = Profile or settings changed
audit-membership-added = Member added
audit-membership-changed = Roles changed
audit-membership-removed = Member removed
audit-network-link-requested = Network link asked for
audit-network-link-changed = Network link changed
audit-access-issued = Invitation or password reset given
audit-payment-reversed = Payment reversed
audit-clearing-applied = Clearing round applied
audit-clearing-discarded = Clearing round discarded
audit-import-applied = Spreadsheet imported
audit-person-erased = Personal data erased
members-erase = Erase personal data…
members-erase-help = Only when the person asked for it. Their name, contact and demographics are removed and their memberships end; the books keep their orders and payments under an anonymous number. This cannot be undone.
members-confirm-erase = Yes, they asked: erase
members-erase-submit = Erase for good
members-erased = The person's data was erased; their records stay in the books without their name.
members-erase-elsewhere = This person belongs to other organizations too: an admin of each of them must erase their data together, or the server's operator can.
home-your-data = Your data
home-your-data-text = Everything this server holds about you, as a file you can keep:
home-download-data = download my data (JSON)
money-checkpoint-title = Proof of the books
money-checkpoint-help = Each day the server signs where your books stand. Keep a copy somewhere else: it proves later that nobody removed or rewrote an entry.
money-checkpoint = Download today's checkpoint
audit-col-about = About
audit-detail-fields = fields
audit-detail-roles = roles
audit-detail-from = from
audit-detail-to = to
audit-detail-status = status
audit-detail-kind = kind
audit-detail-rows = rows
audit-detail-changes = changes
members-erase-recent = This person joined less than 30 days ago: only the server's operator can erase their data for now.
conflict-joined-recently = This person joined less than 30 days ago: ask the server's operator to erase their data.
