## Bayanihan — नेपाली

site-name = Bayanihan
skip-to-content = मुख्य भागमा जानुहोस्
nav-home = गृहपृष्ठ
nav-directory = संस्था सूची
nav-sign-in = लग इन
nav-sign-out = लग आउट
nav-language = भाषा
lang-switch = बदल्नुहोस्
footer-text = Bayanihan — सामाजिक तथा ऐक्यबद्ध अर्थतन्त्रका लागि सफ्टवेयर, जसको स्वामित्व यसलाई प्रयोग गर्नेहरूकै हातमा छ।

landing-title = Bayanihan मा स्वागत छ
landing-intro = सामाजिक तथा ऐक्यबद्ध अर्थतन्त्रको सञ्जाल चलाउने प्लेटफर्म: उत्पादक सहकारी, स्वयं सहायता समूह, सामाजिक उद्यम र उपभोक्ता समूहहरू एकअर्कालाई साथ दिँदै कारोबार गर्छन्, र मूल्य सबैले प्रस्ट देख्न सक्छन्।
landing-try = संस्थाहरूको सूची हेर्नुहोस्, प्रत्येक रुपैयाँ कहाँ जान्छ भनेर हेर्न कुनै चक्रको पसल खोल्नुहोस्, वा अर्डर गर्न लग इन गर्नुहोस्।
landing-open-cycles = खुला अर्डर चक्रहरू
landing-demo-title = डेमो लग इन
landing-demo-intro = यो काल्पनिक सञ्जाल भएको डेमो हो। डेमोका सबै व्यक्तिको पासवर्ड एउटै छ।
landing-demo-email = इमेल
landing-demo-password = पासवर्ड
landing-demo-who = को

signin-title = लग इन
signin-email = इमेल ठेगाना वा साइन-इन नाम
signin-password = पासवर्ड
signin-submit = लग इन गर्नुहोस्
signin-error-credentials = इमेल ठेगाना वा पासवर्ड मिलेन।
signin-error-too-many = धेरै पटक प्रयास भयो। कृपया { $seconds } सेकेन्ड पर्खेर फेरि प्रयास गर्नुहोस्।
signin-error-email = कृपया maria@example.org जस्तो इमेल ठेगाना लेख्नुहोस्।
error-csrf = यो फारामको समय सकियो। कृपया फेरि प्रयास गर्नुहोस्।

directory-title = संस्थाहरूको सूची
directory-count = { $count ->
    [one] एउटा संस्था
   *[other] { $count } वटा संस्था
}
directory-filter-country = देश (कोड)
directory-filter-kind = प्रकार
directory-filter-any = जुनसुकै
directory-filter-submit = छान्नुहोस्
directory-col-name = नाम
directory-col-kind = प्रकार
directory-col-country = देश
directory-none = यी छनोटसँग मिल्ने कुनै संस्था छैन।
directory-bad-filter = यी छनोट मिलेनन्: { $reason }
page-next = अर्को पृष्ठ
page-previous = अघिल्लो पृष्ठ

org-kind = प्रकार
org-country = देश
org-region = क्षेत्र
org-roles = मूल्य शृङ्खलामा भूमिका
org-qualifiers = विशेषता
org-currency = मुद्रा
org-networks = सञ्जाल र सदस्यहरू
org-products = उत्पादनहरू

home-title = नमस्ते, { $name }
home-open-cycles = तपाईंले अर्डर गर्न सक्ने खुला चक्रहरू
home-no-open-cycles = अहिले तपाईंका समूहहरूका लागि कुनै चक्र खुला छैन।
home-run-cycles = तपाईंको हबले चलाउने चक्रहरू
home-owed = तिर्न वा पाउन बाँकी
home-nothing-owed = केही पनि बाँकी छैन।

shop-title = पसल
shop-closes = अर्डर { $time } मा बन्द हुन्छ
shop-delivery = { $date } मा डेलिभरी
shop-closed = यो चक्र बन्द भइसकेको छ।
shop-breakdown = तपाईंको पैसा कहाँ जान्छ
shop-producer-gets = { $total } मध्ये उत्पादकले { $producer } पाउँछन्।
shop-total = जम्मा
shop-quantity = मात्रा
shop-group = कसका लागि अर्डर
shop-order-submit = मेरो अर्डरमा थप्नुहोस्
shop-sign-in-to-order = अर्डर गर्न लग इन गर्नुहोस्।
shop-ordered = तपाईंको अर्डरमा थपियो।
shop-my-order = मेरो अर्डर
shop-no-offers = यो चक्रमा अहिलेसम्म केही राखिएको छैन।

order-title = मेरो अर्डर
order-col-product = सामान
order-col-quantity = मागेको
order-col-allocated = पाएको
order-col-total = जम्मा
order-empty = तपाईंले यो चक्रमा अहिलेसम्म केही अर्डर गर्नुभएको छैन।
order-estimated = चक्र बन्द भएर सामान बाँडफाँड नहुन्जेल जम्मा रकम अनुमान मात्र हो।
order-cancel = रद्द गर्नुहोस्

part-producer = उत्पादक
part-processing = प्रशोधन
part-packing = प्याकिङ
part-transport = ढुवानी
part-coordination = समन्वय
part-solidarity_fund = ऐक्यबद्धता कोष
part-tax = कर

kind-producer_cooperative = उत्पादक सहकारी
kind-worker_cooperative = श्रमिक सहकारी
kind-consumer_cooperative = उपभोक्ता सहकारी
kind-multi_stakeholder_cooperative = बहुसरोकारवाला सहकारी
kind-credit_cooperative = बचत तथा ऋण सहकारी
kind-self_help_group = स्वयं सहायता समूह
kind-social_enterprise = सामाजिक उद्यम
kind-association = संघसंस्था वा गैरसरकारी संस्था
kind-network = सञ्जाल
kind-local_government_unit = स्थानीय तह
kind-private_company = निजी कम्पनी
kind-academic_institution = शैक्षिक संस्था

error-not-found = भेटिएन
error-not-found-text = यो ठेगानामा कुनै पृष्ठ छैन।
error-generic = केही गडबड भयो। कुनै कुरा आधा मात्र सेभ भएको छैन; कृपया फेरि प्रयास गर्नुहोस्।

manage-title = चक्र चलाउनुहोस्
manage-link = यो चक्र चलाउनुहोस्
manage-close = चक्र अहिले नै बन्द गर्नुहोस्
manage-clone = अर्को हप्ताका लागि कपी गर्नुहोस्
manage-closed-now = चक्र बन्द भयो: सामान बाँडफाँड भयो, बिल र हिसाब विवरणहरू बने।
manage-allocations = हरेक लाइनमा मागेको र पाएको
col-group = उपभोक्ता समूह
col-product = सामान
col-requested = मागेको
col-allocated = पाएको
col-reason = किन
manage-packing = प्याकिङ सूची
manage-packing-by-producer = उत्पादक अनुसार
manage-documents = बिल र हिसाब विवरण
doc-invoice = बिल
doc-producer_statement = उत्पादकको हिसाब विवरण
doc-fee_statement = शुल्कको हिसाब विवरण
packing-title = प्याकिङ सूची
packing-no-pickup = सामान लिने ठाउँ तोकिएको छैन
invoice-title = बिल
statement-title = हिसाब विवरण
money-title = पैसा
money-link = पैसा
money-balances = बाँकी रकम
money-obligations = तिर्न वा पाउन बाँकी
money-due = अन्तिम मिति
money-amount = रकम
money-method = कसरी तिरियो
money-reference = सन्दर्भ नम्बर (चाहेमा)
money-record = भुक्तानी दर्ता गर्नुहोस्
money-recorded = भुक्तानी दर्ता भयो।
money-none = केही पनि बाँकी छैन।
method-cash = नगद
method-bank_transfer = बैंक ट्रान्सफर
method-mobile_money = मोबाइल वालेट
account-receivable = पाउन बाँकी
account-payable = तिर्न बाँकी
account-cash = पाएको वा तिरेको नगद

members-title = सदस्यहरू
members-link = सदस्यहरू
members-col-name = नाम
members-col-roles = भूमिकाहरू
members-col-stakeholder = सरोकारवाला वर्ग
members-add = सदस्य थप्नुहोस्
members-email = इमेल ठेगाना वा साइन-इन नाम
members-name = नाम (नयाँ व्यक्तिका लागि)
members-role = भूमिका
members-stakeholder = सरोकारवाला वर्ग
members-add-submit = थप्नुहोस्
members-added = सदस्य थपियो।
members-remove = हटाउनुहोस्
role-member = सदस्य
role-coordinator = संयोजक
role-treasurer = कोषाध्यक्ष
role-admin = प्रशासक
stakeholder-producer = उत्पादक
stakeholder-consumer = उपभोक्ता
stakeholder-worker = श्रमिक
stakeholder-supporter = समर्थक
network-overview = सञ्जालको सारांश
network-inside = { $count ->
    [one] यो सञ्जालभित्र एउटा संस्था
   *[other] यो सञ्जालभित्र { $count } वटा संस्था
}
network-outstanding = यसका संस्थाहरूबीच तिर्न-पाउन बाँकी
newcycle-title = अर्डर चक्र खोल्नुहोस्
newcycle-link = अर्डर चक्र खोल्नुहोस्
newcycle-name = नाम
newcycle-policy = सामान नपुग्दा
policy-first_come = पहिले आउनेलाई पहिले
policy-pro_rata = हरेकले मागेको अनुपातमा
policy-equal_share = बराबर भाग
newcycle-opens = अर्डर खुल्ने समय
newcycle-closes = अर्डर बन्द हुने समय
newcycle-delivery = डेलिभरीको दिन
newcycle-pickup = सामान लिने ठाउँ (चाहेमा)
newcycle-producers = उत्पादकहरू
newcycle-groups = उपभोक्ता समूहहरू
newcycle-submit = चक्र खोल्नुहोस्

group-order-title = हाम्रो समूहको अर्डर
group-order-link = हाम्रो समूहको अर्डर
col-member = सदस्य
shop-only-left = केवल { $count } बाँकी छ। कृपया कम माग्नुहोस्।

directory-filter-qualifier = विशेषता
directory-filter-network = सञ्जाल

error-fields = कृपया जाँच गर्नुहोस्: { $fields }।
error-forbidden = तपाईंको भूमिकाले यो गर्न अनुमति दिँदैन।
error-forbidden-text = यो चाहिएमा, संस्थाका प्रशासकलाई त्यसका लागि भूमिका दिन अनुरोध गर्नुहोस्।
error-conflict = यो पहिले नै लेखिएको कुरासँग बाझिन्छ।
members-error-exists = यो व्यक्ति पहिले नै सदस्य हुनुहुन्छ।
members-error-last-admin = संस्थामा कम्तीमा एक जना प्रशासक चाहिन्छ: पहिले अरू कसैलाई प्रशासक बनाउनुहोस्।
money-error-too-much = अब { $amount } मात्र तिर्न बाँकी छ।
field-email = इमेल ठेगाना
field-name = नाम
field-quantity = मात्रा
field-amount = रकम
field-method = कसरी तिरियो
field-roles = भूमिका
field-stakeholder = सरोकारवाला वर्ग
field-policy = सामान नपुग्दा
field-opens_at = अर्डर खुल्ने समय
field-closes_at = अर्डर बन्द हुने समय
field-delivery_date = डेलिभरीको दिन
field-pickup_points = सामान लिने ठाउँ
qualifier-organic = जैविक
qualifier-agroecological = कृषि-पारिस्थितिकीय
qualifier-fair-trade = न्यायोचित व्यापार (फेयर ट्रेड)
qualifier-gender-equity = लैङ्गिक समानता
qualifier-indigenous-traditional = आदिवासी / परम्परागत
qualifier-peasant-family-farming = किसान / पारिवारिक खेती
qualifier-local = स्थानीय
qualifier-self-management = स्वव्यवस्थापन
qualifier-commons = साझा स्रोत (कमन्स)
qualifier-pgs-certified = PGS प्रमाणित (सहभागितामूलक प्रत्याभूति)
vcrole-producer = उत्पादक
vcrole-processor = प्रशोधनकर्ता
vcrole-hub = हब
vcrole-consumer_group = उपभोक्ता समूह
vcrole-financier = लगानीकर्ता
vcrole-supporter = समर्थक

# Impact reports
report-title = प्रभाव प्रतिवेदन
report-period = अवधि
report-before = अघिल्लो अवधि
report-money-goes = उपभोक्ताको पैसा कहाँ जान्छ
report-figures = सूचकहरू
report-indicator = सूचक
report-trend = समयअनुसार उत्पादकलाई भुक्तानी
report-by-country = देश अनुसार
report-by-chain = मूल्य शृङ्खला अनुसार
report-factors = उत्सर्जन गुणांक
report-scope = कसको प्रतिवेदन
report-show = देखाउनुहोस्
report-csv = CSV डाउनलोड
report-json = JSON डाउनलोड
report-suppressed = { $threshold } जनाभन्दा कम मानिसका अङ्क देखाइँदैन; "<{ $threshold }" लेखिन्छ।
report-money-flow = पैसा कहाँ जान्छ
report-people = मानिस
report-not-said = नभनिएको
nav-reports = प्रभाव प्रतिवेदन
group-women = महिला
group-youth = युवा (३० मुनि)
group-elderly = ज्येष्ठ (६० वा माथि)
group-disability = अपाङ्गता भएका व्यक्ति
group-informal_sector = अनौपचारिक क्षेत्रका घरपरिवार
group-overseas_worker = वैदेशिक कामदारका घरपरिवार
gender-woman = महिला
gender-man = पुरुष
gender-non_binary = गैर-द्विलिङ्गी
gender-prefer_not_to_say = भन्न नचाहने
category-rice = चामल
category-grains = अन्न
category-pulses = दलहन
category-vegetables = तरकारी
category-fruit = फलफूल
category-coffee = कफी
category-cacao = काकाओ
category-tea = चिया
category-spices = मसला
category-dairy = दुग्ध पदार्थ
category-eggs = अण्डा
category-meat = मासु
category-fish = माछा
category-processed_food = प्रशोधित खाना
category-handicrafts = हस्तकला
category-textiles = कपडा
category-other = अन्य

# Clearing rounds
clearing-link = हिसाब मिलान चरणहरू
clearing-title = हिसाब मिलान
clearing-explain = हिसाब मिलान चरणले सञ्जालका संस्थाबीच घुमिरहेको ऋण पैसा नचलाई मिलाउँछ। हरेक संस्थाको खुद स्थिति उस्तै रहन्छ।
clearing-currency = मुद्रा
clearing-propose = चरण प्रस्ताव गर्नुहोस्
clearing-rounds = चरणहरू
clearing-none = अहिलेसम्म कुनै चरण छैन।
clearing-round = हिसाब मिलान चरण
clearing-status = स्थिति
clearing-proposed = प्रस्ताव गरिएको
clearing-total = गणना गरिएको ऋण
clearing-cleared = नगदबिना मिलाइएको
clearing-effects = हरेक संस्थामा असर
clearing-org = संस्था
clearing-owes = तिर्नुपर्ने (पहिले → पछि)
clearing-owed = पाउनुपर्ने (पहिले → पछि)
clearing-saved = बचत भएको नगद
clearing-net-unchanged = हरेक संस्थाको पाउनुपर्ने घटाउ तिर्नुपर्ने रकम पहिले र पछि उस्तै छ।
clearing-apply = यो चरण लागू गर्नुहोस्
clearing-discard = रद्द गर्नुहोस्
clearing-applied = चरण लागू भयो: हरेक संस्थाको हिसाब मिलान रेकर्ड भयो।
clearing-discarded = चरण रद्द भयो।
clearing-stale = प्रस्तावपछि कुनै दायित्व तिरियो वा बदलियो। नयाँ चरण प्रस्ताव गर्नुहोस्।
clearing-closed = यो चरण पहिल्यै लागू वा रद्द भइसक्यो।
clearing-bad-currency = NPR जस्तो मुद्रा कोड छान्नुहोस्।
round-proposed = प्रस्तावित
round-applied = लागू
round-discarded = रद्द
round-stale = पुरानो: फेरि प्रस्ताव गर्नुहोस्

# Packaging returns
manage-report = यो चक्रको प्रभाव
manage-returns = फिर्ता आएको प्याकेजिङ
manage-returned-units = फिर्ता संख्या
manage-record-returns = रेकर्ड गर्नुहोस्
manage-returned = फिर्ता आएको प्याकेजिङ रेकर्ड भयो।
manage-returned-bad = फिर्ता संख्या १ वा बढीको पूर्ण अङ्कमा दिनुहोस्।

# Impact data
impact-data-link = प्रभाव तथ्याङ्क
impact-data-title = प्रभाव तथ्याङ्क
impact-data-report = यस संस्थाको प्रभाव प्रतिवेदन
impact-data-jobs = रोजगारी
impact-data-fte = पूर्णकालीन बराबर (जस्तै 3.5)
impact-data-gender = लिङ्ग
impact-data-from = देखि
impact-data-to = सम्म
impact-data-declare = घोषणा गर्नुहोस्
impact-data-prices = सन्दर्भ बजार मूल्य
impact-data-prices-note = स्थानीय बजारमा उही वस्तुको मूल्य, मूल्य प्रिमियम सूचकका लागि। चक्र बन्द हुनुअघि भर्नुहोस्।
impact-data-price = एक एकाइको मूल्य
impact-data-region = क्षेत्र (खाली: जुनसुकै)
impact-data-source = स्रोत
impact-data-record = रेकर्ड गर्नुहोस्
impact-data-saved = सुरक्षित भयो।
impact-data-bad-dates = मिति जाँच्नुहोस्: अन्त्य सुरुभन्दा अघि हुन सक्दैन।
impact-data-bad-fte = FTE शून्यभन्दा बढी, बढीमा दुई दशमलवको अङ्कमा दिनुहोस्।
impact-data-bad-price = एक एकाइको मूल्य शून्यभन्दा बढी दिनुहोस्।
impact-data-bad-source = मूल्यको स्रोत लेख्नुहोस्।

# Transport modes
mode-hgv = भारी मालवाहक सवारी
mode-truck_small = सानो ट्रक (३.५–७.५ टन)
mode-truck_medium = मझौला ट्रक (७.५–१७ टन)
mode-truck_large = ठूलो ट्रक (१७ टनभन्दा माथि)
mode-articulated = आर्टिकुलेटेड ट्रक
mode-van = भ्यान
mode-rail = रेल
mode-ship_general = सामान्य मालवाहक जहाज
mode-ship_container = कन्टेनर जहाज
mode-ferry_roro = रोरो फेरी
mode-motorbike = मोटरसाइकल
mode-boat_small = सानो डुङ्गा
mode-on_foot = पैदल
mode-bicycle = साइकल

# Network links (consent of both sides)
links-title = सञ्जालहरूसँगको सम्बन्ध
links-saved = सुरक्षित भयो। नयाँ सम्बन्ध अर्को पक्षले स्वीकार गरेपछि मात्र लागू हुन्छ।
link-status-invited = निम्तो पठाइएको, संस्थाका प्रशासकको प्रतीक्षामा
link-status-applied = आवेदन दिइएको, सञ्जालका प्रशासकको प्रतीक्षामा
link-status-active = सदस्य
link-status-suspended = निलम्बित
link-status-ended = समाप्त
link-accept = स्वीकार गर्नुहोस्
link-decline = अस्वीकार गर्नुहोस्
link-reactivate = निलम्बन हटाउनुहोस्
link-suspend = निलम्बन गर्नुहोस्
link-end = सदस्यता अन्त्य गर्नुहोस्
link-confirm = हो, अन्त्य गर्नुहोस्
link-confirm-needed = कृपया पुष्टि गर्नुहोस्
link-confirm-needed-text = सञ्जालको सदस्यता अन्त्य गर्दा त्यसले बाँड्ने कुरा हट्छ। "हो, अन्त्य गर्नुहोस्" मा चिनो लगाएर फेरि पठाउनुहोस्।
link-invite-into = यो संस्थालाई निम्तो दिने सञ्जाल
link-invite = निम्तो पठाउनुहोस्
link-apply-for = यो सञ्जालमा आवेदन दिने संस्था
link-apply = आवेदन दिनुहोस्

## अभिलेखसँग बाझिने काम (conflict-<kind>)
conflict-offers-closed = यो चक्र बन्द भइसकेको छ: अब प्रस्ताव थप्न मिल्दैन।
conflict-withdrawals-closed = यो चक्र बन्द भइसकेको छ: अब यसका प्रस्ताव फिर्ता लिन मिल्दैन।
conflict-lines-closed = यो चक्र बन्द भइसकेको छ: अब अर्डर बदल्न मिल्दैन।
conflict-not-taking-orders = यो चक्रले अहिले अर्डर लिँदैन।
conflict-stock-left = यो प्रस्तावमा केवल { $left } बाँकी छ; तपाईंले { $asked } माग्नुभयो।
conflict-listed-twice = एउटै भूमिकामा एउटा संस्था दुई पटक सूचीमा छ।
conflict-cannot-close = यो चक्र बन्द गर्न सकिँदैन: { $reason }
conflict-more-than-owed = यो दायित्वमा अब { $owed } मात्र तिर्न बाँकी छ।
conflict-ledger = खातामा यो लेख्न सकिँदैन: { $reason }
conflict-invoices-not-yet = चक्र बन्द हुँदा बिलहरू बनाइन्छन्।
conflict-statements-not-yet = चक्र बन्द हुँदा विवरणहरू बनाइन्छन्।
conflict-not-delivered-yet = चक्र बन्द भएर सामान पुगेपछि मात्र फिर्ता आएका भाँडा लेख्न मिल्छ।
conflict-email-taken = { $email } इमेल ठेगाना भएको व्यक्ति पहिले नै दर्ता हुनुहुन्छ।
conflict-already-member = यो व्यक्ति पहिले नै सदस्य हुनुहुन्छ।
conflict-last-admin = संस्थामा कम्तीमा एक जना प्रशासक चाहिन्छ: पहिले अरू कसैलाई प्रशासक बनाउनुहोस्।
conflict-link-already-invited = यो संस्थालाई पहिले नै निम्तो दिइएको छ; यसका प्रशासकहरूले अझै जवाफ दिएका छैनन्।
conflict-link-already-applied = यो संस्थाले पहिले नै आवेदन दिएको छ; सञ्जालका प्रशासकहरूले अझै जवाफ दिएका छैनन्।
conflict-link-already-member = यो संस्था पहिले नै सञ्जालको सदस्य हो।
conflict-link-ended = यो सम्बन्ध समाप्त भइसकेको छ; संस्थालाई फेरि निम्तो दिनुहोस् (वा फेरि आवेदन दिनुहोस्)।
conflict-link-not-active = सक्रिय सदस्यता मात्र निलम्बन गर्न मिल्छ।
conflict-not-clearable = यी दायित्वहरू फस्र्यौट गर्न सकिँदैन: { $reason }
conflict-round-too-large = यो चरणका रकम लेख्न नसकिने गरी धेरै ठूला छन्।
conflict-round-stale = चरण प्रस्ताव भएपछि कुनै दायित्व तिरिएको वा बदलिएको छ। नयाँ चरण प्रस्ताव गर्नुहोस्।
conflict-round-decided = यो चरण पहिले नै { $status } भइसकेको छ।
conflict-overflow = जम्मा रकम लेख्न नसकिने गरी धेरै ठूलो छ।
conflict-request-in-progress = उही अनुरोधको जवाफ अझै दिइँदैछ: एकछिन पर्खेर फेरि प्रयास गर्नुहोस्।

## यो लाइनले यति किन पायो (reason-<basis>)
reason-full = यो प्राथमिकता तह र यसअघिका सबै तहका हरेक लाइनले मागेजति पुग्ने आपूर्ति थियो।
reason-first-come-none = आपूर्ति कम थियो: अर्डर गरेको क्रमअनुसार दिइयो, र यो लाइनको पालो आउँदा केही बाँकी थिएन।
reason-first-come = आपूर्ति कम थियो: अर्डर गरेको क्रमअनुसार दिइयो, र यो लाइनको पालो आउँदा { $remaining } बाँकी थियो।
reason-pro-rata = आपूर्ति कम थियो: हरेक लाइनको मागको अनुपातमा बाँडियो (यो तहले मागेको { $demand } मध्ये { $supply })।
reason-equal-share = आपूर्ति कम थियो: बराबर बाँडियो, हरेक लाइनले { $level } सम्म मागेजति पायो।
reason-bonus = यो लाइनले बाँकी रहेकामध्ये एक एकाइ थप पायो।
reason-tier-exhausted = प्राथमिकता तह { $tier } अघि नै आपूर्ति सकियो: माथिल्ला तहले सबै लिए, त्यसैले यो लाइनले केही पाएन।
cycle-status-open = खुला
cycle-status-closed = बन्द

## Closing a cycle, after a confirmation
manage-close-review = जाँचेर चक्र बन्द गर्नुहोस्…
close-confirm-title = चक्र बन्द गर्ने?
close-confirm-intro = बन्द गर्दा आपूर्ति बाँडिन्छ, बिल र विवरण बन्छन्, र हरेक संस्थाको ऋण लेखिन्छ। अहिले बन्द गरेमा:
close-confirm-lines = { $count } अर्डर लाइन बाँडिनेछन्
close-confirm-units = मागिएका { $requested } एकाइमध्ये { $allocated } दिइनेछन्
close-confirm-invoices = { $count } बिल जारी हुनेछन्, जम्मा { $total }
close-confirm-obligations = संस्थाहरूबीच { $count } ऋण लेखिनेछन्
close-confirm-short = सबैलाई पुग्दैन: यी चक्रको नियमअनुसार बाँडिनेछन्
close-confirm-short-line = { $product }: मागिएका { $asked } मध्ये { $given }
close-confirm-final = यो फिर्ता गर्न सकिँदैन: सदस्यहरूले आफ्नो अर्डर बदल्न सक्नेछैनन्।
close-confirm-back = अहिले होइन: चक्रमा फर्कनुहोस्

## Confirming what cannot be undone
clearing-decide-note = लागू गर्दा माथिका सबै मिलान भुक्तानीका रूपमा लेखिन्छन्; खारेज गर्दा चरण हट्छ। कुनै पनि फिर्ता गर्न सकिँदैन।
clearing-confirm-apply = हो, यी मिलान लागू गर्नुहोस्
clearing-confirm-discard = हो, यो चरण खारेज गर्नुहोस्
members-confirm-remove = हो, हटाउनुहोस्
confirm-needed = कृपया पुष्टि गर्नुहोस्
confirm-needed-text = यो फिर्ता गर्न सकिँदैन। बटनको छेउको बाकसमा चिनो लगाएर फेरि पठाउनुहोस्।

## Money in words
money-owes-you = { $who } ले तपाईंलाई { $amount } तिर्न बाँकी छ
money-owes-you-for = { $cycle } का लागि { $who } ले तपाईंलाई { $amount } तिर्न बाँकी छ
money-you-owe = तपाईंले { $who } लाई { $amount } तिर्न बाँकी छ
money-you-owe-for = { $cycle } का लागि तपाईंले { $who } लाई { $amount } तिर्न बाँकी छ
money-net-owed = जम्मामा, { $who } ले तपाईंलाई { $amount } तिर्न बाँकी छ
money-net-owe = जम्मामा, तपाईंले { $who } लाई { $amount } तिर्न बाँकी छ
money-net-even = तपाईं र { $who } बराबर हुनुहुन्छ
money-overdue = म्याद नाघेको
money-document = बिल वा विवरण
money-confirm-pay = हो, लेख्नुहोस्: भुक्तानी पछि बदलिँदैन

## The basket on the shop page
shop-basket = यो चक्रमा तपाईंको अर्डर
shop-change = बदल्नुहोस्
shop-basket-note = सामान हटाउन परिमाण 0 राख्नुहोस्। उही सामान फेरि अर्डर गर्दा त्यसैको लाइनमा थपिन्छ।
money-history = भुक्तानीको इतिहास
money-no-payments = अहिलेसम्म कुनै भुक्तानी लेखिएको छैन।
money-paid-you = { $who } ले तपाईंलाई { $amount } तिर्यो
money-you-paid = तपाईंले { $who } लाई { $amount } तिर्नुभयो
money-reversal = पहिलेको भुक्तानी उल्ट्याइएको
money-reversed = उल्ट्याइएको
money-set-off = क्लियरिङ चरणमा मिलान गरिएको
money-round = त्यो चरण
money-recorded-by = लेख्ने:
money-reverse = यो भुक्तानी उल्ट्याउनुहोस्
money-confirm-reverse = हो, उल्ट्याउनुहोस्: रकम फेरि तिर्न बाँकी हुन्छ, र दुवै प्रविष्टि इतिहासमा रहन्छन्
money-reversed-notice = भुक्तानी उल्ट्याइयो: त्यसको रकम फेरि तिर्न बाँकी छ।
conflict-payment-reversed = यो भुक्तानी पहिल्यै उल्ट्याइसकिएको छ।
conflict-not-reversible = पैसाको भुक्तानी मात्र उल्ट्याउन सकिन्छ। मिलान आफ्नो क्लियरिङ चरणको हो; उल्ट्याइएकोलाई फर्काउन भुक्तानी फेरि लेख्नुहोस्।
col-household = घरपरिवार
doc-households = घरपरिवार अनुसार
doc-household-group = समूहले अर्डर गरेको
doc-number = नम्बर
doc-issued = जारी मिति
doc-due = भुक्तानी मिति
doc-paid = पूरा भुक्तानी भयो
doc-unpaid = अझै तिरिएको छैन: { $amount } बाँकी
doc-how-to-pay = कसरी तिर्ने
doc-csv = CSV मा डाउनलोड गर्नुहोस्
doc-print = प्रिन्ट गर्न ब्राउजरको Print प्रयोग गर्नुहोस्: मेनु बिना पृष्ठ प्रिन्ट हुन्छ।
doc-parties = { $from } बाट { $to } लाई
field-description = विवरण
field-category = वर्ग
field-unit = बिक्री एकाइ
field-unit_mass_kg = एक एकाइको तौल (kg)
field-packaging = प्याकेजिङ
field-qualifiers = विशेषताहरू
packaging-returnable = फिर्ता हुने (फर्किने क्रेट, भाँडा, बोरा)
packaging-single_use = एक पटक प्रयोग हुने
packaging-none = प्याकेजिङ छैन
catalogue-title = उत्पादनहरू
catalogue-manage = उत्पादन थप्नुहोस् वा सम्पादन गर्नुहोस्
catalogue-see = सबै उत्पादन हेर्नुहोस्
catalogue-empty = अहिलेसम्म कुनै उत्पादन छैन।
catalogue-add = उत्पादन थप्नुहोस्
catalogue-add-button = उत्पादन थप्नुहोस्
catalogue-edit = उत्पादन सम्पादन गर्नुहोस्
catalogue-save = परिवर्तन सुरक्षित गर्नुहोस्
catalogue-saved = उत्पादन सुरक्षित भयो।
catalogue-photo = फोटो
catalogue-photo-choose = एउटा फोटो (JPEG वा PNG; ढिलो जडानका लागि सानो बनाइन्छ)
catalogue-photo-upload = फोटो अपलोड गर्नुहोस्
catalogue-photo-saved = फोटो सुरक्षित भयो।
catalogue-photo-removed = फोटो हटाइयो।
catalogue-photo-remove = फोटो हटाउनुहोस्
catalogue-photo-confirm-remove = हो, फोटो हटाउनुहोस्
catalogue-unit-example = ५ केजीको बोरा
catalogue-packaging-unsaid = उल्लेख छैन
conflict-below-ordered = यो प्रस्तावका { $ordered } एकाइ पहिल्यै अर्डर भइसकेका छन्: परिमाण योभन्दा कम हुन सक्दैन।
field-producer_price = प्रति एकाइ उत्पादक मूल्य
field-fees = शुल्कहरू
field-distance_km = दूरी (किमी)
field-product_id = उत्पादन
offers-title = अहिलेसम्मका प्रस्ताव र अर्डर
offers-none = अहिलेसम्म कुनै प्रस्ताव छैन: तल पहिलो थप्नुहोस्।
offers-status = { $available } उपलब्ध, अहिलेसम्म { $asked } माग — अहिले बन्द भए { $given } दिइन्छ
offers-add = प्रस्ताव थप्नुहोस्
offers-add-button = प्रस्ताव थप्नुहोस्
offers-no-products = यस चक्रका उत्पादकसँग अझै उत्पादन छैन: उनीहरूले आफ्नो सूची पृष्ठमा थप्छन्।
offers-fees = उत्पादक मूल्यमाथिका शुल्क
offers-fees-help = नचाहिने शुल्कको रकम खाली छोड्नुहोस्।
offers-fee-kind = केका लागि
offers-fee-amount = रकम
offers-fee-basis = गणना
offers-per-unit = प्रति एकाइ
offers-percent = उत्पादक मूल्यको प्रतिशत
offers-fee-recipient = भुक्तानी पाउने
offers-transport = सङ्कलन स्थलसम्म ढुवानी
offers-transport-none = उल्लेख छैन
offers-distance = किमीमा दूरी (खाली भए: नक्साबाट)
offers-save = प्रस्ताव सुरक्षित गर्नुहोस्
offers-withdraw = प्रस्ताव फिर्ता लिनुहोस्
offers-confirm-withdraw = हो, फिर्ता लिनुहोस्: यसमा गरिएका अर्डर रद्द हुन्छन्
offers-added = प्रस्ताव थपियो।
offers-changed = प्रस्ताव सुरक्षित भयो।
offers-withdrawn = प्रस्ताव फिर्ता लिइयो।
offers-line-changed = अर्डर बदलियो।
offers-lines = अहिलेसम्मका अर्डर
offers-lines-help = चक्र अहिले बन्द भए प्रत्येक अर्डरले के पाउँछ (कमी हुँदा चक्रको नियम अनुसार)। समूहका संयोजकले यहाँ अर्डर बदल्न सक्छन्।
offers-no-lines = अहिलेसम्म कसैले अर्डर गरेको छैन।
offers-col-projected = अहिले पाउने
cycle-edit = नाम र मितिहरू
cycle-edit-save = नाम र मिति सुरक्षित गर्नुहोस्
cycle-edited = नाम र मिति सुरक्षित भयो।
shop-left-first-come = { $left } बाँकी — पहिले आउनेलाई पहिले: योभन्दा बढीको अर्डर अस्वीकार हुन्छ
shop-fair-share = { $available } उपलब्ध, अहिलेसम्म { $asked } माग — उपलब्धभन्दा बढी माग भए बन्द हुँदा सबैले न्यायोचित हिस्सा पाउँछन्
shop-fair-share-short = { $available } उपलब्ध, अहिलेसम्म { $asked } माग — तपाईंले न्यायोचित हिस्सा पाउनुहुनेछ
nav-my-orders = मेरा अर्डर
my-orders-title = मेरा अर्डर
my-orders-none = तपाईंले अहिलेसम्म कुनै चक्रमा अर्डर गर्नुभएको छैन।
my-orders-asked = माग { $asked }
my-orders-got = माग { $asked }, पाएको { $got }:
my-orders-share = समूहको बिलमा तपाईंको हिस्सा: { $total } मध्ये { $amount }
my-orders-estimate = अहिलेसम्म: { $amount } (चक्र बन्द हुँदा पक्का)
members-email-help = इमेल नभएकाका लागि ana.reyes जस्तो साइन-इन नाम छान्नुहोस्; त्यसपछि उनीहरूलाई भित्र आउने बाटो दिनुहोस्।
members-access = निम्तो वा नयाँ पासवर्ड
members-actions = कार्यहरू
signin-forgot = पासवर्ड बिर्सनुभयो?
signin-have-code = मसँग कोड छ
access-invite-heading = { $name } का लागि निम्तो
access-reset-heading = { $name } का लागि नयाँ पासवर्ड
access-mailed = लिंक { $email } मा इमेल गरियो। यो ७ दिनभित्र एक पटक मात्र चल्छ।
access-share-intro = यो लिंक समूह च्याटमा पठाउनुहोस्, वा तलको कार्ड प्रिन्ट गर्नुहोस्। यो ७ दिनभित्र एक पटक चल्छ; यो सदस्यलाई मात्र दिनुहोस्।
access-link = लिंक
access-card-title = Bayanihan मा भित्र आउने तपाईंको बाटो
access-card-name = नाम
access-card-sign-in = साइन इन गर्ने
access-card-code = कोड
access-card-where = कोड यहाँ टाइप गर्नुहोस्
access-card-until = मान्य मिति
share-sms = SMS
mail-invite-subject = Bayanihan मा तपाईंको निम्तो
mail-invite-body =
    नमस्ते { $name },

    तपाईंलाई Bayanihan मा आफ्नो समूहसँग अर्डर गर्न निम्तो छ। यहाँ पासवर्ड छान्नुहोस् (लिंक { $days } दिनभित्र एक पटक चल्छ):

    { $url }

    साइन इन गर्ने: { $signin }
    वा साइन-इन पृष्ठमा यो कोड टाइप गर्नुहोस्: { $code }
mail-reset-subject = Bayanihan का लागि नयाँ पासवर्ड
mail-reset-body =
    नमस्ते { $name },

    यहाँ नयाँ पासवर्ड छान्नुहोस् (लिंक { $days } दिनभित्र एक पटक चल्छ):

    { $url }

    साइन इन गर्ने: { $signin }
    वा यो कोड टाइप गर्नुहोस्: { $code }

    तपाईंले माग्नुभएको होइन भने केही नगर्नुहोस्: पासवर्ड जस्ताको तस्तै रहन्छ।
join-welcome = स्वागत छ, { $name }
join-reset = { $name } का लागि नयाँ पासवर्ड
join-sign-in-with = तपाईं साइन इन गर्ने:
join-password = पासवर्ड छान्नुहोस् (कम्तीमा १० अक्षर; केही शब्द राम्रो हुन्छ)
join-submit = सुरक्षित गरी भित्र आउनुहोस्
join-password-short = पासवर्डमा कम्तीमा १० अक्षर चाहिन्छ।
join-gone = यो लिंक अब चल्दैन
join-gone-text = यो प्रयोग भइसक्यो, ७ दिनभन्दा पुरानो भयो, वा नयाँले बदल्यो। समूहका संयोजकसँग नयाँ माग्नुहोस्।
join-code-title = कोडबाट भित्र आउनुहोस्
join-code-intro = संयोजकले दिएको कार्डको कोड टाइप गर्नुहोस्।
join-code-submit = अगाडि बढ्नुहोस्
join-code-bad = त्यो कोड होइन: कोडमा K7QF-92MX-4TZP-8H3D जस्ता १६ अक्षर र अङ्क हुन्छन्।
forgot-title = पासवर्ड बिर्सनुभयो
forgot-intro = नयाँ पासवर्ड छान्ने लिंक इमेल गर्छौं। इमेल छैन? समूहका संयोजकसँग माग्नुहोस्: उनीहरूले नयाँ कोड दिन सक्छन्।
forgot-submit = मलाई लिंक पठाउनुहोस्
forgot-sent = यो ठेगानाको खाता छ भने लिंक पठाइँदैछ। इमेल (र स्प्याम फोल्डर) हेर्नुहोस्।
share-cycle-title = समूहलाई भन्नुहोस्
share-cycle-open-label = अर्डर खुला छ:
share-cycle-closing-label = छिट्टै बन्द हुँदैछ:
share-cycle-open = { $cycle } मा { $time } सम्म अर्डर खुला छ। यहाँ अर्डर गर्नुहोस्: { $url }
share-cycle-closing = अन्तिम सूचना: { $cycle } { $time } मा बन्द हुन्छ। अहिले नै अर्डर गर्नुहोस् वा बदल्नुहोस्: { $url }
import-title = स्प्रेडसिटबाट ल्याउनुहोस्
import-members-link = स्प्रेडसिट (CSV) बाट सदस्य ल्याउनुहोस्
import-products-link = स्प्रेडसिट (CSV) बाट उत्पादन ल्याउनुहोस्
import-check-title = फाइल जाँच्नुहोस्
import-help = सिटलाई CSV मा सुरक्षित गर्नुहोस्। सदस्य: email (वा साइन-इन नाम), name, र चाहे role र stakeholder स्तम्भ। उत्पादन: name, category, unit, unit_mass_kg, र चाहे description, qualifiers, packaging। लागू नगरेसम्म केही लेखिँदैन; उही फाइल फेरि ल्याउँदा केही बदलिँदैन।
import-kind = फाइलमा के छ
import-kind-members = सदस्य
import-kind-products = उत्पादन
import-file = CSV फाइल
import-paste = वा यसका पङ्क्ति यहाँ टाँस्नुहोस्
import-check = फाइल जाँच्नुहोस् (केही लेखिँदैन)
import-problems = केही लेखिएन: सिटमा यी कक्ष सच्याएर फाइल फेरि जाँच्नुहोस्।
import-col-row = पङ्क्ति
import-col-column = स्तम्भ
import-col-problem = समस्या
import-col-action = के हुन्छ
import-summary-plan = लागू गर्दा { $added } थपिन्छ, { $updated } अद्यावधिक हुन्छ, र { $unchanged } जस्ताको तस्तै रहन्छ।
import-summary-done = { $added } थपियो, { $updated } अद्यावधिक भयो, { $unchanged } जस्ताको तस्तै रह्यो।
import-action-added = थपिने
import-action-joined = दर्ता भइसकेको: सदस्य बनाइने
import-action-updated = अद्यावधिक
import-action-unchanged = फाइलजस्तै भइसकेको
import-confirm = हो, यी सबै पङ्क्ति अहिले लेख्नुहोस्
import-apply = लागू गर्नुहोस्
import-applied = फाइल ल्याइयो।
import-not-utf8 = फाइल UTF-8 पाठ होइन: "CSV UTF-8" मा फेरि सुरक्षित गर्नुहोस्।
money-set-off-note = यसको { $amount } क्लियरिङ चरणमा मिलान गरियो
money-instructions-label = तपाईंलाई कसरी तिर्ने (बैंक, मोबाइल वालेट, उल्लेख गर्ने सन्दर्भ): तपाईंका बिल र विवरणमा छापिन्छ
money-instructions-save = सुरक्षित गर्नुहोस्
money-instructions-saved = भुक्तानी निर्देशन सुरक्षित भयो।
field-payment_instructions = भुक्तानी निर्देशन
manage-packing-by-household = घरपरिवार अनुसार
report-period-bad = अवधि पढ्न सकिएन। वर्ष (2026), त्रैमास (2026-Q3), महिना (2026-10) वा सुरु भएपछि सकिने दुई मिति (2026-01-01..2026-06-30, बढीमा दस वर्ष) लेख्नुहोस्।
