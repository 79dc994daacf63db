"""Job titles and departments for the demo's staff profiles: varied and plausible, so that
the people pickers tell the demo's many people of the same name apart."""

# Each department with the jobs done in it.
DEPARTMENTS = {
    "Emergency department": [
        "Staff nurse",
        "Emergency nurse practitioner",
        "Consultant",
        "Healthcare assistant",
    ],
    "Acute medical unit": ["Staff nurse", "Ward sister", "Registrar", "Healthcare assistant"],
    "Cardiology": ["Cardiac physiologist", "Consultant cardiologist", "Staff nurse"],
    "Critical care": ["Critical care nurse", "Consultant anaesthetist", "Physiotherapist"],
    "Elderly care": ["Ward sister", "Staff nurse", "Occupational therapist", "Dietitian", "Matron"],
    "Maternity": ["Midwife", "Maternity support worker", "Consultant obstetrician"],
    "Children's services": ["Paediatric nurse", "Play specialist", "Consultant paediatrician"],
    "Theatres": ["Theatre practitioner", "Operating department practitioner", "Anaesthetist"],
    "Pharmacy": ["Pharmacist", "Pharmacy technician"],
    "Radiology": ["Radiographer", "Sonographer", "Consultant radiologist"],
    "Pathology": ["Biomedical scientist", "Laboratory assistant"],
    "Outpatients": ["Clinic coordinator", "Staff nurse", "Receptionist"],
    "Patient experience": ["Patient experience officer", "Volunteer coordinator"],
    "Quality improvement": ["Quality improvement facilitator", "Improvement coach"],
    "Estates and facilities": ["Porter", "Domestic supervisor", "Estates manager"],
    "Finance": ["Management accountant", "Finance business partner"],
    "People and organisational development": ["HR business partner", "Practice educator"],
    "Digital": ["Clinical systems analyst", "Service desk analyst"],
}
# 51 of them: a number sharing no factor with the lengths of the demo's cycles of names (80
# trainees' names, 320 other staff's), so that people of the same name, a whole cycle apart,
# never have the same job.
ROLES = [(job, department) for department, jobs in DEPARTMENTS.items() for job in jobs]


def job_and_department(number):
    """The (job title, department) of the demo's person `number`."""
    return ROLES[number % len(ROLES)]
